package dynamo.logbrowser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.KvClient;
import dynamo.harness.LocalCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The log browser of {@code bin/cluster up 1 --syslog} in headless Chromium: a real node JVM logs
 * through Dropwizard's syslog appender to a real rsyslogd, the log browser follows rsyslogd's file,
 * and the page, loaded once, shows a line the node logs afterwards and hides it under a filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogBrowserClusterIT {
    /** rsyslogd writes at once, the page polls every 250 ms; the machine is shared. */
    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    private final String marker = "browser-mark-" + Long.toHexString(System.nanoTime());
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    private LocalCluster cluster;
    private WebDriver browser;

    /** Checked per test, so that a machine without them reports each test as skipped, with why. */
    private static Optional<String> missingTool() {
        if (!Files.isExecutable(Path.of("/usr/sbin/rsyslogd"))) {
            return Optional.of("rsyslogd is not installed (bin/setup installs rsyslog)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/node"))) {
            return Optional.of("node is not installed (bin/setup installs nodejs)");
        }
        return HeadlessChromium.missing();
    }

    @BeforeAll
    void startNodeAndBrowser() throws Exception {
        if (missingTool().isEmpty()) {
            cluster = LocalCluster.start(getClass().getSimpleName(), 1, List.of("--syslog"));
            browser = HeadlessChromium.start();
        }
    }

    @BeforeEach
    void skipWithoutTools() {
        Optional<String> missing = missingTool();
        assumeTrue(missing.isEmpty(), missing::get);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aLineTheNodeLogsAppearsInThePageWithoutAReload() throws Exception {
        browser.get(cluster.logBrowserUrl().toString());
        // The node's startup lines, from the backlog the page gets when it connects.
        await().atMost(ARRIVAL).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("following");
            assertThat(new Select(browser.findElement(By.id("node"))).getOptions())
                    .extracting(WebElement::getText).contains("node1");
        });
        assertThat(markedLines()).isEmpty();

        mark(1, marker);

        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(markedLines()).singleElement().satisfies(line -> {
            assertThat(line.isDisplayed()).isTrue();
            assertThat(line.getAttribute("data-node")).isEqualTo("node1");
            assertThat(line.getAttribute("data-level")).isEqualTo("INFO");
            assertThat(line.getText()).contains("node1[" + cluster.pid(1) + "]").contains("mark: " + marker);
        }));
    }

    @Test
    @Order(2)
    void aTextFilterHidesTheLineAndClearingItShowsItAgain() {
        WebElement text = browser.findElement(By.id("text"));
        text.sendKeys("something-else");
        assertThat(markedLines()).singleElement().satisfies(line -> assertThat(line.isDisplayed()).isFalse());
        assertThat(browser.getCurrentUrl()).endsWith("?q=something-else");

        text.clear();
        text.sendKeys(marker.toUpperCase());
        assertThat(markedLines()).singleElement().satisfies(line -> assertThat(line.isDisplayed()).isTrue());
    }

    @Test
    @Order(3)
    void aLevelFilterHidesTheInfoLineAndTheNodeFilterKeepsIt() {
        Select level = new Select(browser.findElement(By.id("level")));
        level.selectByValue("WARN");
        assertThat(markedLines()).singleElement().satisfies(line -> assertThat(line.isDisplayed()).isFalse());

        level.selectByValue("");
        new Select(browser.findElement(By.id("node"))).selectByValue("node1");
        assertThat(markedLines()).singleElement().satisfies(line -> assertThat(line.isDisplayed()).isTrue());
    }

    @Test
    @Order(4)
    void filtersInTheAddressApplyWhenThePageLoads() {
        browser.get(cluster.logBrowserUrl() + "?node=node1&level=ERROR&q=" + marker);
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(markedLines()).singleElement()
                .satisfies(line -> assertThat(line.isDisplayed()).isFalse()));
        assertThat(new Select(browser.findElement(By.id("level"))).getFirstSelectedOption().getText()).isEqualTo("ERROR");
    }

    private List<WebElement> markedLines() {
        return browser.findElements(By.cssSelector("#lines .line")).stream()
                .filter(line -> line.getAttribute("textContent").contains(marker))
                .toList();
    }

    /** The node's admin task that logs "mark: TEXT" at INFO (dynamo.node.LogMarkTask). */
    private void mark(int node, String text) throws Exception {
        String path = "/tasks/log-mark?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        KvClient.Answer response = new KvClient(cluster.adminUrl(node), Duration.ofSeconds(10)).send("POST", path, null);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
    }
}
