package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

class DevAccountsTest {

    @Test
    void tenWellKnownAnvilAccounts() {
        List<DevAccount> accounts = DevAccount.anvilDefaults();
        assertThat(accounts).hasSize(10);
        assertThat(new HashSet<>(accounts.stream().map(DevAccount::address).toList())).hasSize(10);
        assertThat(accounts.get(0).address()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void everyPrivateKeyDerivesItsChecksummedAddress() {
        for (DevAccount account : DevAccount.anvilDefaults()) {
            String derived = Credentials.create(account.privateKeyHex()).getAddress();
            assertThat(Keys.toChecksumAddress(derived))
                    .as("address of key for %s", account.address())
                    .isEqualTo(account.address());
        }
    }

    @Test
    void toStringDoesNotLeakTheKey() {
        DevAccount account = DevAccount.anvilDefaults().get(1);
        assertThat(account.toString()).contains(account.address()).doesNotContain(account.privateKeyHex().substring(2));
    }
}
