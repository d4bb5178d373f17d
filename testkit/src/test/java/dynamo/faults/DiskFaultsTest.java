package dynamo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stalled disk blocks writes until it is resumed, or until its watchdog's bound; close leaves nothing mounted. */
class DiskFaultsTest {
    @TempDir
    Path temp;

    @Test
    void aStalledDiskBlocksWritesUntilResumedAndCloseUnmountsIt() throws Exception {
        assumeTrue(DiskFaults.available(), "needs root, loop devices, mkfs.ext4 and fsfreeze");
        Path root = temp.resolve("disks");
        Path data;
        try (DiskFaults disks = new DiskFaults(root, List.of(7))) {
            data = disks.dataDir(7);
            assertThat(Files.readString(Path.of("/proc/mounts"))).contains(data.toString());
            write(data.resolve("before"));

            disks.stall(7, Duration.ofSeconds(30));
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> write(data.resolve("during")));
            Thread.sleep(500);
            assertThat(blocked).as("a write while the disk is stalled").isNotDone();

            disks.resume(7);
            blocked.get(10, TimeUnit.SECONDS);
            disks.resume(7); // thawing a thawed disk is a no-op
        }
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(data.toString());
        assertThat(root).doesNotExist();
    }

    @Test
    void theWatchdogThawsAStallThatIsNeverResumed() throws Exception {
        assumeTrue(DiskFaults.available(), "needs root, loop devices, mkfs.ext4 and fsfreeze");
        try (DiskFaults disks = new DiskFaults(temp.resolve("disks"), List.of(8))) {
            Path data = disks.dataDir(8);
            disks.stall(8, Duration.ofSeconds(1));
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> write(data.resolve("late")));
            write.get(15, TimeUnit.SECONDS);
        }
    }

    /** A small write and its fsync, as a JE commit with durability sync does. */
    private static void write(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            channel.force(true);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
