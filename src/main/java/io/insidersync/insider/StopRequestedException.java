package io.insidersync.insider;

/**
 * The process was asked to stop (SIGTERM: a pod being terminated, {@code docker stop}): the run admits nothing more, lets
 * the requests in flight finish and records them, and fails; the next run resumes where it stopped.
 */
public final class StopRequestedException extends RuntimeException {

    public StopRequestedException() {
        super("the process was asked to stop (SIGTERM): nothing more was sent, the requests under way were answered and recorded, "
                + "and the checkpoint did not move; the next run resumes the window without sending anything twice");
    }
}
