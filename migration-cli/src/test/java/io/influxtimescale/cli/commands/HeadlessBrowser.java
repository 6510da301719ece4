package io.influxtimescale.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.influxtimescale.fixtures.Fixtures;

/**
 * A real browser for tests of HTML output: Debian's chromium (dev/setup installs it; {@code -Ditc.chromium=PATH}
 * names another), run headless on a local file, returning the DOM after the page's scripts ran.
 */
final class HeadlessBrowser {
    private HeadlessBrowser() {
    }

    static String dumpDom(Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("itc-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                    "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.add(1, "--no-sandbox"); // chromium refuses to run as root with its sandbox
            }
            Path out = profile.resolve("dom.html");
            Path err = profile.resolve("stderr.txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not finish in 90 s: " + command);
            }
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || dom.isBlank()) {
                throw new IOException("chromium exited " + p.exitValue() + " with no DOM: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return dom;
        } finally {
            Fixtures.deleteTree(profile);
        }
    }

    private static String executable() {
        String configured = System.getProperty("itc.chromium");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no chromium found: run dev/setup (it installs Debian's chromium)");
    }
}
