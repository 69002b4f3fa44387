package io.hookline.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its ChromeDriver, both at fixed paths so Selenium Manager never tries
 * to download a browser or a driver. One fresh profile and download folder per browser.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    /**
     * Skips (not fails) the calling test on a machine without Chromium: the rest of the suite still runs on a laptop.
     * {@code .ci/run} installs both packages, so in CI these tests always run.
     */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), MISSING);
    }

    public static final String MISSING = "Browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is "
            + "missing; run 'apt-get install chromium chromium-driver' (.ci/run does).";

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static Browser start() {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("hookline-chromium-profile");
            Path downloads = Files.createTempDirectory("hookline-chromium-downloads");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--user-data-dir=" + profile,
                            "--window-size=1280,900",
                            "--lang=en-US");
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "download.default_directory", downloads.toString(),
                            "download.prompt_for_download", false,
                            "safebrowsing.enabled", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            // Headless Chrome keeps downloads off unless told where they may go.
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            return new Browser(driver, profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Waits up to 20 s for the condition to return something other than null or false. Screens redraw as data
     * arrives, so an element found a moment ago may be gone: that counts as "not yet".
     */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(what)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until an element matching css is visible and its text contains text; returns it. */
    public WebElement awaitText(String css, String text) {
        return await(
                "'" + text + "' in " + css,
                d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(e -> e.isDisplayed() && e.getText().contains(text))
                        .findFirst()
                        .orElse(null));
    }

    public WebElement awaitVisible(String css) {
        return await(
                css + " visible",
                d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
    }

    /** Types into the field once it is shown: a screen draws its form after its route's data has arrived. */
    public void type(String css, String text) {
        WebElement input = awaitVisible(css);
        input.clear();
        input.sendKeys(text);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public String text() {
        return find("body").getText();
    }

    /** The files Chromium finished downloading (no .crdownload part files). */
    public List<Path> downloads() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> !p.toString().endsWith(".crdownload"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    public void width(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
    }

    /**
     * Saves the whole page (not just the viewport) at the given width as target/console-screenshots/name-width.png,
     * then returns to 1280 px.
     */
    public void screenshot(String name, int... widths) {
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : widths) {
                width(width);
                Receiver.sleep(250); // let the layout and the width-sized charts settle
                long height = ((Number) script("return Math.ceil(Math.max(document.documentElement.scrollHeight, "
                                + "document.body.scrollHeight))"))
                        .longValue();
                Map<String, Object> shot = driver.executeCdpCommand(
                        "Page.captureScreenshot",
                        Map.of(
                                "format",
                                "png",
                                "captureBeyondViewport",
                                true,
                                "clip",
                                Map.of("x", 0, "y", 0, "width", width, "height", Math.min(height, 6000), "scale", 1)));
                Files.write(
                        SCREENSHOTS.resolve(name + "-" + width + ".png"),
                        Base64.getDecoder().decode((String) shot.get("data")));
            }
            width(1280);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
            delete(downloads);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
