package dynamo.webview;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its chromedriver by Selenium. The binaries are found at
 * their Debian paths (or {@code -Dchromium.binary}, {@code -Dchromium.driver}), never downloaded:
 * Selenium Manager stays out because the driver's path is given.
 */
public final class HeadlessBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private HeadlessBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    /**
     * Skips the calling test (a JUnit assumption) with a message where chromium or its driver is
     * missing. Call it per test: Surefire reports an assumption of a {@code @BeforeAll} as no test run.
     */
    public static void assumeAvailable() {
        assumeTrue(available(), "skipped: no headless browser here (" + CHROMIUM + " and " + DRIVER
                + " must exist: Debian's chromium and chromium-driver, installed by bin/setup)");
    }

    public static HeadlessBrowser start() {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1500,700", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new HeadlessBrowser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URI page) {
        driver.get(page.toString());
    }

    /** Polls {@code condition} until it gives a value that is neither null nor false; fails saying {@code what}. */
    public <T> T waitUntil(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what).until(condition::apply);
    }

    /** Saves what the window shows as a PNG. */
    public Path screenshot(Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        return Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
