package com.changebank.support;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collections;
import java.util.stream.Collectors;

/**
 * What the caller's session holds, seen from inside: its timeout in seconds on the first line, then each attribute
 * as text (records and maps print their contents). ChangeBank has no such page; tests add this one. It opens no
 * session.
 */
@Path("test/session")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class SessionProbe {

    @Inject
    private HttpServletRequest request;

    @GET
    public String session() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return "none";
        }
        return session.getMaxInactiveInterval() + "\n" + Collections.list(session.getAttributeNames()).stream()
                .map(name -> name + "=" + session.getAttribute(name)).collect(Collectors.joining("\n"));
    }
}
