package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * The provider's redirect URI. The OpenID mechanism has already checked the state, exchanged the code and
 * validated the tokens when this runs. It then goes back to the page that asked for the login: a user whose
 * session was lost (a node of a cluster died, the session expired) continues where they were. Otherwise, like the
 * original, it goes home, which sends a logged-in user on.
 */
@Path(CallbackController.PATH)
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class CallbackController {

    static final String PATH = "callback";

    /** A page's path: names and dashes only, so never another host's address ({@code //host}) or {@code ..}. */
    private static final Pattern PAGE = Pattern.compile("(/[A-Za-z0-9-]+)+");

    @Inject
    private HttpServletRequest request;

    /** A callback that logged nobody in (the provider's {@code error=access_denied}, no code) failed: say so. */
    @GET
    public String callback(@QueryParam("error") String error, @QueryParam("state") String state) {
        if (error != null || (state != null && request.getUserPrincipal() == null)) {
            throw new WebApplicationException(Response.Status.UNAUTHORIZED);
        }
        return "redirect:" + pageThatAskedForTheLogin();
    }

    /**
     * The mechanism keeps the address that started the login in the session (without redirectToOriginalResource,
     * which would also replay a form post, CSRF token and all, after the login). A post comes back as the page of
     * its form: the form's token belonged to the lost session. Only a protected page (web.xml) starts a login, and
     * ChangeBank's authorization hook keeps only that page's path, from this server's own request (a session's
     * value from before that hook may still be a whole address: only its path is taken).
     */
    private String pageThatAskedForTheLogin() {
        HttpSession session = request.getSession(false);
        Object original = session == null ? null : session.getAttribute(OpenIdConstant.ORIGINAL_REQUEST);
        String address = original == null ? "" : original.toString();
        String path = address.replaceFirst("^[a-z]+://[^/]*", "").split("[?#]", 2)[0];
        String context = request.getContextPath();
        String page = path.startsWith(context + "/") ? path.substring(context.length()) : "";
        return PAGE.matcher(page).matches() ? page : "/";
    }
}
