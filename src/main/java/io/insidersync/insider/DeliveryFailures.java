package io.insidersync.insider;

import java.io.IOException;

import org.apache.camel.http.base.HttpOperationFailedException;

/** Sorts a failed delivery attempt into what the delivery route does with it: stop, retry, or set the request aside. */
public final class DeliveryFailures {

    /** 401/403: the partner name or token is wrong; nothing sent after this would be accepted either. */
    public boolean credentialsRefused(Exception failure) {
        return status(failure) == 401 || status(failure) == 403;
    }

    /** 429, 5xx, timeouts and cut connections pass with time: worth another attempt. */
    public boolean retryable(Exception failure) {
        int status = status(failure);
        if (status > 0) {
            return status == 429 || status >= 500;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static int status(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http.getStatusCode();
            }
        }
        return -1;
    }
}
