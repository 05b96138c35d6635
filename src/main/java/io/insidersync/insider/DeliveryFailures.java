package io.insidersync.insider;

import java.io.IOException;
import java.util.Locale;

import org.apache.camel.http.base.HttpOperationFailedException;

/** Sorts a failed delivery attempt into what the delivery route does with it: stop, wait, retry, split, or set aside. */
public final class DeliveryFailures {

    /** 401/403: the partner name or token is wrong; nothing sent after this would be accepted either. */
    public boolean credentialsRefused(Throwable failure) {
        return status(failure) == 401 || status(failure) == 403;
    }

    /** 429: Insider's rate limit; waiting it out is not a failure of the request. */
    public boolean rateLimited(Throwable failure) {
        return status(failure) == 429;
    }

    /** 413, or a 400 that says the body is over Insider's size limit: the same users in smaller requests will go. */
    public boolean bodyTooLarge(Throwable failure) {
        int status = status(failure);
        if (status == 413) {
            return true;
        }
        if (status != 400) {
            return false;
        }
        String answer = http(failure).getResponseBody();
        String text = answer == null ? "" : answer.toLowerCase(Locale.ROOT);
        return text.contains("too large") || text.contains("bigger than") || text.contains("maximum allowed size");
    }

    /**
     * 400: Insider refused the request itself (its body); sending it unchanged again would be refused again. The one
     * answer besides a 2xx that shows Insider is up and read the request: the request goes to the dead letter.
     */
    public boolean refused(Throwable failure) {
        return status(failure) == 400;
    }

    /**
     * 5xx, 408, timeouts, cut connections and answers that are not Insider's pass with time: worth another attempt.
     * Other statuses (a redirect, 404 or 405 from a wrong insider.url, 407 from a proxy …) will not change by retrying,
     * but they are not Insider's verdict on the request either: like these, they end unanswered.
     */
    public boolean retryable(Throwable failure) {
        int status = status(failure);
        if (status > 0) {
            return status >= 500 || status == 408;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UnexpectedAnswerException) {
                return true;
            }
        }
        return false;
    }

    /** What a failed attempt got, for the request metrics: Insider's HTTP status, or what happened instead. */
    public String outcome(Throwable failure) {
        int status = status(failure);
        if (status > 0) {
            return String.valueOf(status);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnexpectedAnswerException) {
                return "unexpected-answer";
            }
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof IOException) {
                return "connection-failed";
            }
        }
        return "error";
    }

    static HttpOperationFailedException http(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http;
            }
        }
        return null;
    }

    private static int status(Throwable failure) {
        HttpOperationFailedException http = http(failure);
        return http == null ? -1 : http.getStatusCode();
    }
}
