package io.insidersync.insider;

/** The run stopped sending because of its cause (a refused token, a dead letter that could not be stored …). */
public final class DeliveryStoppedException extends RuntimeException {

    public DeliveryStoppedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
