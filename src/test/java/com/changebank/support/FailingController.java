package com.changebank.support;

import jakarta.enterprise.context.RequestScoped;
import jakarta.mvc.Controller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A page that fails with an exception nobody handles: ChangeBank has none, so tests add this one. */
@Path("fail")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class FailingController {

    public static final String SECRET = "internal detail that must not reach the browser";

    @GET
    public String fail() {
        throw new IllegalStateException(SECRET);
    }
}
