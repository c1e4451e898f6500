package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs {@link ChildMain} as a real separate JVM. */
class JavaProcessIT {
    private static final Pattern READY = Pattern.compile("ready pid=(\\d+) property=(\\S+)");

    @Test
    void startsARealProcessAndWaitsForItsReadyLine() {
        try (JavaProcess child = JavaProcess.builder(ChildMain.class)
                .systemProperty("child.property", "forty-two")
                .jvmArgs("-Xmx64m")
                .readyLine(READY)
                .start()) {
            Matcher ready = child.readyMatch();
            assertThat(Long.parseLong(ready.group(1))).isEqualTo(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(ready.group(2)).isEqualTo("forty-two");
            assertThat(ProcessHandle.of(child.pid())).isPresent();
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void killIsSigkillSoNoShutdownHookRuns() {
        JavaProcess child = JavaProcess.builder(ChildMain.class).readyLine(READY).start();
        ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
        child.kill();
        assertThat(handle.isAlive()).isFalse();
        assertThat(child.exitCode()).contains(128 + 9); // killed by signal 9
        assertThat(child.output()).doesNotContain("shutdown hook ran");
        child.close();
    }

    @Test
    void closeIsSigtermSoShutdownHooksRun() {
        JavaProcess child = JavaProcess.builder(ChildMain.class).readyLine(READY).start();
        child.close();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).contains(128 + 15); // terminated by signal 15
        assertThat(child.output()).contains("shutdown hook ran");
    }

    @Test
    void passesTheGivenEnvironmentOnlyAndCapturesStdoutAndStderr() {
        // A variable of this JVM's environment is not passed on unless given.
        assertThat(System.getenv("X402J_CHILD_SECRET")).isNull();
        try (JavaProcess child = JavaProcess.builder(ChildMain.class).env("GREETING", "hello").args("exit", "3").start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(child.outputLines()).contains("greeting=hello home-key=null", "to stderr");
        }
    }

    @Test
    void aProcessThatExitsBeforeItsReadyLineFailsTheStartWithItsOutput() {
        assertThatThrownBy(() -> JavaProcess.builder(ChildMain.class).args("exit", "7").readyLine(READY).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit code 7")
                .hasMessageContaining("to stderr");
    }
}
