package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dynamo.harness.KvClient;
import dynamo.harness.LocalCluster;
import dynamo.webview.HeadlessBrowser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The web view in headless chromium against five real nodes: node 1's page shows five nodes up and
 * the ring's every token; after a kill -9 of node 3 the same page, never reloaded, shows it down
 * within a few seconds. Skipped (not failed) where chromium is not installed. Screenshots go to
 * target/webview/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewClusterIT {
    private static final Duration SHOWS_DOWN_WITHIN = Duration.ofSeconds(5);
    private static final Path SCREENSHOTS = Path.of("target", "webview");
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    private LocalCluster cluster;
    private HeadlessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        if (!HeadlessBrowser.available()) {
            return; // each test skips itself, with the reason
        }
        cluster = LocalCluster.start(getClass().getSimpleName(), 5);
        browser = HeadlessBrowser.start();
    }

    @BeforeEach
    void needsABrowser() {
        HeadlessBrowser.assumeAvailable();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void showsFiveNodesUpAndTheRing() throws Exception {
        JsonNode ring = new KvClient(cluster.adminUrl(1)).send("GET", "/ring", null).json();
        int tokens = 0;
        for (JsonNode node : ring.path("nodes")) {
            tokens += node.path("tokens").size();
        }
        browser.open(URI.create(cluster.adminUrl(1) + "/ui")); // without the slash: the harder case for the page's links

        browser.waitUntil(Duration.ofSeconds(20), "five nodes up, each one's stats read", d -> states(d).size() == 5 && states(d).values().stream()
                .allMatch("UP"::equals) && statsReachable(d) == 5);
        WebDriver page = browser.driver();
        assertThat(states(page).keySet()).containsExactlyInAnyOrder("node1", "node2", "node3", "node4", "node5");
        assertThat(nodesOf(page, "#ring circle.token")).hasSize(tokens);
        assertThat(nodesOf(page, "#ring path.arc")).hasSize(tokens);
        assertThat(nodesOf(page, "#ring path.arc.down")).isEmpty();
        assertThat(page.findElement(By.id("summary")).getText()).startsWith("5 of 5 nodes up");
        assertThat(page.findElement(By.id("membership-change")).isDisplayed()).isFalse();
        browser.screenshot(SCREENSHOTS.resolve("five-nodes-up.png"));
    }

    @Test
    @Order(2)
    void showsAKilledNodeDownWithoutReloading() throws Exception {
        WebDriver page = browser.driver();
        ((JavascriptExecutor) page).executeScript("window.sameDocument = true;");

        long killing = System.nanoTime();
        cluster.kill(3);
        long killed = System.nanoTime();
        browser.waitUntil(SHOWS_DOWN_WITHIN, "node3 shown down", d -> "DOWN".equals(states(d).get("node3")));
        long shown = System.nanoTime();
        System.out.printf("[WebViewClusterIT] node3 shown down %d ms after bin/cluster kill returned (%d ms after it"
                + " was called)%n", (shown - killed) / 1_000_000, (shown - killing) / 1_000_000);

        assertThat(((JavascriptExecutor) page).executeScript("return window.sameDocument === true;")).isEqualTo(true);
        Map<String, String> states = states(page);
        assertThat(states).containsEntry("node3", "DOWN");
        states.remove("node3");
        assertThat(states.values()).containsOnly("UP");
        assertThat(nodesOf(page, "#ring path.arc.down")).isNotEmpty().containsOnly("node3");
        assertThat(nodesOf(page, "#nodes td[data-stats='unreachable']")).containsExactly("node3");
        assertThat(page.findElement(By.id("summary")).getText()).startsWith("4 of 5 nodes up");
        browser.screenshot(SCREENSHOTS.resolve("node3-killed.png"));
    }

    // The page redraws every 1.5 s, so elements found in one call can be gone in the next: each
    // reading below is one script run in the page.

    /** Node id to the state its table row shows. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> states(WebDriver page) {
        return new TreeMap<>((Map<String, String>) ((JavascriptExecutor) page).executeScript(
                "const states = {};"
                + "document.querySelectorAll('#nodes tbody tr[data-node]').forEach(r => states[r.dataset.node] = r.dataset.state);"
                + "return states;"));
    }

    /** The node each element matching {@code selector} belongs to (its own or its row's data-node). */
    @SuppressWarnings("unchecked")
    private static List<String> nodesOf(WebDriver page, String selector) {
        return (List<String>) ((JavascriptExecutor) page).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.closest('[data-node]').dataset.node);", selector);
    }

    private static long statsReachable(WebDriver page) {
        return nodesOf(page, "#nodes td[data-stats='ok']").size();
    }
}
