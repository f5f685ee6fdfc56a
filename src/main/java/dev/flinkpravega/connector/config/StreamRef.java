package dev.flinkpravega.connector.config;

import io.pravega.client.stream.Stream;
import io.pravega.shared.NameUtils;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/** A fully qualified Pravega stream: scope and stream name, checked against Pravega's rules. */
public final class StreamRef implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Pravega's naming rule for user scopes and streams. */
    private static final Pattern NAME = Pattern.compile("[\\p{Alnum}\\.\\-]+");

    private final String scope;
    private final String stream;

    private StreamRef(String scope, String stream) {
        this.scope = scope;
        this.stream = stream;
    }

    public static StreamRef of(String scope, String stream) {
        checkName("scope", scope);
        checkName("stream", stream);
        return new StreamRef(scope, stream);
    }

    /** Parses {@code stream} (in {@code defaultScope}) or {@code scope/stream}. */
    public static StreamRef parse(String name, String defaultScope) {
        String trimmed = name == null ? "" : name.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            return of(defaultScope, trimmed);
        }
        if (slash != trimmed.lastIndexOf('/')) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a stream name: use 'stream' or 'scope/stream'");
        }
        return of(trimmed.substring(0, slash), trimmed.substring(slash + 1));
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} if {@code name} is invalid. */
    public static void checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " name is empty");
        }
        if (name.length() > NameUtils.MAX_GIVEN_NAME_SIZE) {
            throw new IllegalArgumentException(
                    "the "
                            + what
                            + " name '"
                            + name
                            + "' is longer than "
                            + NameUtils.MAX_GIVEN_NAME_SIZE
                            + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + name
                            + "' is not a valid Pravega "
                            + what
                            + " name: use only letters, digits, '.' and '-'");
        }
    }

    /** Whether {@code name} is a valid Pravega scope or stream name ({@link #checkName}). */
    public static boolean isValidName(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= NameUtils.MAX_GIVEN_NAME_SIZE
                && NAME.matcher(name).matches();
    }

    public String scope() {
        return scope;
    }

    public String stream() {
        return stream;
    }

    public Stream toStream() {
        return Stream.of(scope, stream);
    }

    /** {@code scope/stream}. */
    public String qualifiedName() {
        return scope + "/" + stream;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamRef
                && scope.equals(((StreamRef) o).scope)
                && stream.equals(((StreamRef) o).stream);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, stream);
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
