package io.hookline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binaries/}, where zonky unpacks the server it then runs. zonky makes that folder writable for everyone at
 * every start (meant for a shared {@code /tmp}) and runs whatever server it finds there, so another local user could
 * put their own {@code postgres} in its place. Hookline keeps the folder to its owner: {@code rwx------}, nothing below
 * it writable by group or others (zonky only adds write bits, so during its start the folder is {@code rwx-w--w-}, and
 * without the search bit nobody else can create or rename anything in it). A folder that holds something of another
 * user, or writable by group or others (left from a version without this, or changed since), is emptied before the
 * start, and zonky unpacks the server again.
 */
final class BinariesFolder {

    private static final Logger LOG = LoggerFactory.getLogger(BinariesFolder.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private BinariesFolder() {}

    /**
     * Before zonky's start: the folder kept to its owner, and emptied if anything in it is another user's or writable
     * by group or others (it may have been changed), so that zonky unpacks the server again.
     */
    static void clean(Path binaries) throws IOException {
        Files.createDirectories(binaries);
        // zonky opens the folder to group and others while it starts and tighten() closes it after: open now means a
        // start was cut short, perhaps in the middle of the unpack
        boolean cutShort = othersMayWrite(binaries);
        Files.setPosixFilePermissions(binaries, OWNER_ONLY);
        UserPrincipal me = owner(binaries);
        Path suspect;
        try (Stream<Path> all = Files.walk(binaries)) {
            suspect = all.filter(p -> !p.equals(binaries))
                    .filter(p -> !owner(p).equals(me) || othersMayWrite(p))
                    .findFirst()
                    .orElse(null);
        }
        if (suspect != null) {
            LOG.warn(
                    "{} is another user's or writable by others, so the embedded PostgreSQL in {} may have been "
                            + "changed; it is unpacked again",
                    suspect,
                    binaries);
            empty(binaries);
        } else if (cutShort) {
            removeUnfinished(binaries);
        }
    }

    /**
     * An unpack that was interrupted (a kill, a full disk) leaves a server folder without zonky's {@code .exists}
     * marker, on which zonky's next unpack fails at every start (the files are already there), or with the marker but
     * a server that does not run. Such a folder is removed, so that zonky unpacks it again.
     */
    private static void removeUnfinished(Path binaries) throws IOException {
        try (Stream<Path> children = Files.list(binaries)) {
            for (Path server : children.filter(Files::isDirectory).toList()) {
                if (!Files.exists(server.resolve(".exists")) || !runs(server.resolve("bin/postgres"))) {
                    LOG.warn("The embedded PostgreSQL in {} was not unpacked completely; it is unpacked again", server);
                    deleteTree(server);
                }
            }
        }
    }

    private static boolean runs(Path postgres) {
        try {
            Process p = new ProcessBuilder(postgres.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void empty(Path binaries) throws IOException {
        try (Stream<Path> children = Files.list(binaries)) {
            for (Path child : children.toList()) {
                deleteTree(child);
            }
        }
    }

    /** After zonky's start: what it unpacked (with this process's umask) is writable by its owner only. */
    static void tighten(Path binaries) throws IOException {
        Files.setPosixFilePermissions(binaries, OWNER_ONLY);
        List<Path> entries;
        try (Stream<Path> all = Files.walk(binaries)) {
            entries = all.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
        for (Path p : entries) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.remove(PosixFilePermission.GROUP_WRITE) | perms.remove(PosixFilePermission.OTHERS_WRITE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static boolean othersMayWrite(Path p) {
        if (Files.isSymbolicLink(p)) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UserPrincipal owner(Path p) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
