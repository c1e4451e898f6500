package dev.x402j.testkit;

/**
 * The main class {@link JavaProcessIT} runs as a separate process. {@code exit <code>}: prints its environment variable
 * {@code GREETING} and exits with that code. Otherwise: registers a shutdown hook that prints {@code shutdown hook ran},
 * prints {@code ready pid=<pid> property=<-Dchild.property>}, and waits to be stopped.
 */
public final class ChildMain {
    private ChildMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 2 && args[0].equals("exit")) {
            System.out.println("greeting=" + System.getenv("GREETING") + " home-key=" + System.getenv("X402J_CHILD_SECRET"));
            System.err.println("to stderr");
            System.exit(Integer.parseInt(args[1]));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        System.out.println("ready pid=" + ProcessHandle.current().pid() + " property=" + System.getProperty("child.property"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
