package com.changebank.platform.web;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * Gives the errors that Jakarta REST answers without a body (no such page, a refused CSRF token, the exceptions of
 * the controllers) web.xml's error page on every server: Jersey (Payara) sends them as servlet errors, RESTEasy
 * (WildFly) only sets the status. Response filters run from the highest priority down: this one comes last, after
 * Krazo's, which may still open a session.
 */
@Provider
@Priority(1)
public class ErrorPages implements ContainerResponseFilter {

    @Context
    private HttpServletResponse servletResponse;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        if (response.getStatus() >= 400 && !response.hasEntity() && !servletResponse.isCommitted()) {
            servletResponse.sendError(response.getStatus());
        }
    }
}
