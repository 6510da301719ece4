package io.influxtimescale.sink.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for secrets in PostgreSQL JDBC URLs, shared by the sink's config and the CLI: a URL must not carry a
 * password (a {@code password=} or {@code sslpassword=} parameter, or {@code user:password@} before the host), since
 * URLs are plain strings that the worker's REST API, logs and the CLI show; the password goes in
 * {@code connection.password} (or a ConfigProvider). {@link #redacted} masks what a URL from elsewhere might carry
 * before it is printed.
 */
public final class JdbcUrls {
    /** Parameters whose value is a secret. */
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&;](?:ssl)?password=)([^&;]*)");
    /** {@code //user:password@host}: userinfo with a colon before the host. */
    private static final Pattern USERINFO = Pattern.compile("^(jdbc:postgresql://)([^/@?]*:[^/@?]*)@");

    private JdbcUrls() {
    }

    /** Why the URL may not be used as it is, or null when it carries no secret. */
    public static String credentialProblem(String url) {
        if (url == null) {
            return null;
        }
        if (SECRET_PARAM.matcher(url).find()) {
            return "must not carry a password parameter: put the password in connection.password (ideally through a "
                    + "ConfigProvider such as ${file:...} or ${env:...}), never in the URL";
        }
        if (USERINFO.matcher(url).find()) {
            return "must not carry user:password@ credentials: use connection.user and connection.password";
        }
        return null;
    }

    /** The URL with any secret it carries replaced by {@code ****}, for messages and logs. */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_PARAM.matcher(url).replaceAll("$1****");
        Matcher m = USERINFO.matcher(out);
        if (m.find()) {
            String user = m.group(2).substring(0, m.group(2).indexOf(':'));
            out = m.group(1) + user + ":****@" + out.substring(m.end());
        }
        return out;
    }

    /** True when a URL names a PostgreSQL database through the JDBC driver. */
    public static boolean isPostgres(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }
}
