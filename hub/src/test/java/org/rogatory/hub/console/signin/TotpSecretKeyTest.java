package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.LocalSecretKey;

class TotpSecretKeyTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @TempDir Path data;

  @Test
  void seal_storesNoTraceOfTheSecret_andOpensForTheSameUserOnly() {
    TotpSecretKey key = new TotpSecretKey(LocalSecretKey.generate());
    String stored = key.seal("ana", SECRET);
    assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
    assertThat(TotpSecretKey.isSealed(stored)).isTrue();
    assertThat(key.open("ana", stored)).isEqualTo(SECRET);
    assertThatThrownBy(() -> key.open("ben", stored)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_unsealedValueOfAnOlderHub_isReturnedAsItIs() {
    TotpSecretKey key = new TotpSecretKey(LocalSecretKey.generate());
    assertThat(TotpSecretKey.isSealed(SECRET)).isFalse();
    assertThat(key.open("ana", SECRET)).isEqualTo(SECRET);
  }

  @Test
  void keyFile_madeOnFirstStart_ownerOnly_andReadBackByTheNextStart() throws Exception {
    TotpSecretKey first = new TotpSecretKey(data);
    Path file = data.resolve("pki").resolve(TotpSecretKey.FILE);
    assertThat(file).exists();
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    String stored = first.seal("ana", SECRET);
    assertThat(new TotpSecretKey(data).open("ana", stored)).isEqualTo(SECRET);
    assertThatThrownBy(() -> new TotpSecretKey(LocalSecretKey.generate()).open("ana", stored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("every node must have the same key file");
  }
}
