package dynamo.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void onlyUrlsGivenMeansTheDocumentedDefaults() throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse("--urls", "http://127.0.0.1:18000");

    assertThat(options).isEqualTo(new BenchmarkOptions(
        List.of(URI.create("http://127.0.0.1:18000")), 16, 10_000, 100, 0.5, 5, 20, true, false, 200));
  }

  @Test
  void everyOptionCanBeSet() throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(
        "--urls", "http://127.0.0.1:18001", "--clients", "4", "--keys", "50", "--value-bytes", "0",
        "--get-ratio", "0.9", "--warmup-seconds", "0", "--seconds", "3", "--preload", "false",
        "--latency-probe", "--probe-count", "7");

    assertThat(options.clients()).isEqualTo(4);
    assertThat(options.keys()).isEqualTo(50);
    assertThat(options.valueBytes()).isZero();
    assertThat(options.getRatio()).isEqualTo(0.9);
    assertThat(options.warmupSeconds()).isZero();
    assertThat(options.seconds()).isEqualTo(3);
    assertThat(options.preload()).isFalse();
    assertThat(options.latencyProbe()).isTrue();
    assertThat(options.probeCount()).isEqualTo(7);
  }

  @Test
  void urlListIsSplitTrimmedAndLosesTrailingSlashes() throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(
        "--urls", "http://127.0.0.1:18001/, http://127.0.0.1:18002,,");

    assertThat(options.urls()).containsExactly(
        URI.create("http://127.0.0.1:18001"), URI.create("http://127.0.0.1:18002"));
  }

  @Test
  void rejectsInvalidInput() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--clients", "4"))
        .isInstanceOf(ArgumentParserException.class).hasMessageContaining("--urls");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--urls", "127.0.0.1:18000"))
        .isInstanceOf(ArgumentParserException.class).hasMessageContaining("not an http URL");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--urls", " , "))
        .isInstanceOf(ArgumentParserException.class).hasMessageContaining("no URL");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--urls", "http://h:1", "--get-ratio", "1.5"))
        .isInstanceOf(ArgumentParserException.class).hasMessageContaining("--get-ratio");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--urls", "http://h:1", "--clients", "0"))
        .isInstanceOf(ArgumentParserException.class).hasMessageContaining("--clients");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--urls", "http://h:1", "--bogus", "1"))
        .isInstanceOf(ArgumentParserException.class);
  }
}
