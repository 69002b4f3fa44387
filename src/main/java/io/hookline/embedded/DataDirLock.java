package io.hookline.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Hookline per data directory: an exclusive lock on {@code hookline.lock} inside it, held for the life of the
 * process. The operating system drops the lock when the process ends in any way, {@code kill -9} included, so a
 * crash never leaves the directory blocked. The file holds the owner's pid, only to name it in the refusal.
 */
public final class DataDirLock implements AutoCloseable {

    static final String FILE = "hookline.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process (or another part of this one) holds the directory. */
    public static final class InUseException extends IllegalStateException {
        InUseException(String message) {
            super(message);
        }
    }

    /** Thrown when the directory cannot be one: a file is in the way, or this user may not create or write it. */
    public static final class UnusableException extends IllegalStateException {
        private UnusableException(String message) {
            super(message);
        }

        /** {@code what}: what is wrong with it, e.g. "/srv/x is a file, not a directory". */
        static UnusableException of(Path dir, String what) {
            return new UnusableException("the data directory " + dir + " cannot be used (" + what
                    + "); set HOOKLINE_DATA_DIR to a directory this user can write (it is created if missing)");
        }
    }

    public static DataDirLock acquire(Path dir) throws IOException {
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(
                    dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException | NotDirectoryException | AccessDeniedException e) {
            throw unusable(dir, e);
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason()) || "Read-only file system".equals(e.getReason())) {
                throw unusable(dir, e);
            }
            throw e; // a full disk, too many open files: not a setting to change
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            String owner = owner(channel);
            channel.close();
            throw new InUseException(
                    "the data directory " + dir.toAbsolutePath().normalize() + " is in use by another "
                            + "Hookline" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                            + "; stop that one, or set HOOKLINE_DATA_DIR to another directory");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
        return new DataDirLock(channel, lock);
    }

    private static UnusableException unusable(Path dir, FileSystemException e) {
        Path blocked = e.getFile() != null ? Path.of(e.getFile()) : dir;
        String what = e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                ? blocked + " is a file, not a directory"
                : e instanceof AccessDeniedException
                        ? "this user may not write " + blocked
                        : blocked + ": "
                                + (e.getReason() != null
                                        ? e.getReason()
                                        : e.getClass().getSimpleName());
        return UnusableException.of(dir, what);
    }

    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
