package com.changebank.platform.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An exception that no controller handled goes to the server's log, and the browser gets web.xml's error page (through
 * {@link ErrorPages}): RESTEasy (WildFly) would otherwise answer with a page of its own. The statuses the controllers
 * choose, as {@link WebApplicationException}s, pass unchanged.
 */
@Provider
public class UnexpectedErrors implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrors.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        if (exception instanceof WebApplicationException status) {
            return status.getResponse();
        }
        LOG.log(Level.SEVERE, "Request failed", exception);
        return Response.serverError().build();
    }
}
