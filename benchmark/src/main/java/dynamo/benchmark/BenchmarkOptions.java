package dynamo.benchmark;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;

/** The benchmark's command line. */
public record BenchmarkOptions(
    List<URI> urls,
    int clients,
    int keys,
    int valueBytes,
    double getRatio,
    int warmupSeconds,
    int seconds,
    boolean preload,
    boolean latencyProbe,
    int probeCount) {

  public static ArgumentParser parser() {
    ArgumentParser parser = ArgumentParsers.newFor("benchmark").build()
        .defaultHelp(true)
        .description("Load generator for the Dynamo key-value store's REST API.");
    parser.addArgument("--urls").required(true)
        .help("comma-separated base URLs of nodes or of HAProxy, e.g. http://127.0.0.1:18000");
    parser.addArgument("--clients").type(Integer.class).setDefault(16)
        .choices(Arguments.range(1, 4096)).help("virtual clients, one thread each");
    parser.addArgument("--keys").type(Integer.class).setDefault(10_000)
        .choices(Arguments.range(1, 100_000_000)).help("size of the key space");
    parser.addArgument("--value-bytes").type(Integer.class).setDefault(100)
        .choices(Arguments.range(0, 64 << 20)).help("size of each written value");
    parser.addArgument("--get-ratio").type(Double.class).setDefault(0.5)
        .choices(Arguments.range(0.0, 1.0)).help("fraction of operations that are gets");
    parser.addArgument("--warmup-seconds").type(Integer.class).setDefault(5)
        .choices(Arguments.range(0, 3600)).help("load before measuring starts");
    parser.addArgument("--seconds").type(Integer.class).setDefault(20)
        .choices(Arguments.range(1, 86_400)).help("measured duration");
    parser.addArgument("--preload").type(Arguments.booleanType()).setDefault(true)
        .help("put every key once before the run");
    parser.addArgument("--latency-probe").action(Arguments.storeTrue())
        .help("instead of load: sequential single puts then gets on an idle cluster");
    parser.addArgument("--probe-count").type(Integer.class).setDefault(200)
        .choices(Arguments.range(1, 1_000_000)).help("operations of each kind in --latency-probe");
    return parser;
  }

  public static BenchmarkOptions parse(String... args) throws ArgumentParserException {
    ArgumentParser parser = parser();
    Namespace ns = parser.parseArgs(args);
    return new BenchmarkOptions(
        parseUrls(parser, ns.getString("urls")),
        ns.getInt("clients"),
        ns.getInt("keys"),
        ns.getInt("value_bytes"),
        ns.getDouble("get_ratio"),
        ns.getInt("warmup_seconds"),
        ns.getInt("seconds"),
        ns.getBoolean("preload"),
        ns.getBoolean("latency_probe"),
        ns.getInt("probe_count"));
  }

  /** Base URLs without a trailing slash, so that paths can be appended. */
  private static List<URI> parseUrls(ArgumentParser parser, String list) throws ArgumentParserException {
    List<URI> urls = new ArrayList<>();
    for (String text : list.split(",")) {
      if (!text.isBlank()) {
        urls.add(parseUrl(parser, text.trim().replaceAll("/+$", "")));
      }
    }
    if (urls.isEmpty()) {
      throw new ArgumentParserException("--urls names no URL", parser);
    }
    return List.copyOf(urls);
  }

  private static URI parseUrl(ArgumentParser parser, String text) throws ArgumentParserException {
    try {
      URI url = new URI(text);
      if ("http".equals(url.getScheme()) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below like any other unusable URL
    }
    throw new ArgumentParserException("not an http URL: " + text, parser);
  }
}
