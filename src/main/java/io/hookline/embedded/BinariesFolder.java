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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binaries/}, where zonky unpacks the server it then runs. zonky makes that folder writable for everyone at
 * every start (meant for a shared {@code /tmp}) and runs whatever server it finds there, so another local user could
 * put their own {@code postgres} in its place. Hookline keeps the folder to its owner: {@code rwx------}, nothing below
 * it writable by group or others (zonky only adds write bits, so during its start the folder is {@code rwx-w--w-}, and
 * without the search bit nobody else can create or rename anything in it). A folder that already holds something of
 * another user (left from a version without this) is emptied, and zonky unpacks the server again.
 */
final class BinariesFolder {

    private static final Logger LOG = LoggerFactory.getLogger(BinariesFolder.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private BinariesFolder() {}

    static void secure(Path binaries) throws IOException {
        Files.createDirectories(binaries);
        Files.setPosixFilePermissions(binaries, OWNER_ONLY);
        UserPrincipal me = owner(binaries);
        List<Path> entries;
        try (Stream<Path> all = Files.walk(binaries)) {
            entries = all.toList();
        }
        if (entries.stream().anyMatch(p -> !owner(p).equals(me))) {
            LOG.warn("{} held files of another user; the embedded PostgreSQL is unpacked there again", binaries);
            try (Stream<Path> children = Files.list(binaries)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
            return;
        }
        for (Path p : entries) {
            if (!Files.isSymbolicLink(p)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.remove(PosixFilePermission.GROUP_WRITE) | perms.remove(PosixFilePermission.OTHERS_WRITE)) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
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
