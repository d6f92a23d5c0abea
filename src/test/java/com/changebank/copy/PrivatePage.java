package com.changebank.copy;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The developer's own page, protected by the web.xml fragment's constraint on /private/*: not one of ChangeBank's. */
@WebServlet("/private/hello")
public class PrivatePage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        String name = request.getUserPrincipal().getName().replace("&", "&amp;").replace("<", "&lt;");
        response.getWriter().write("<!DOCTYPE html><title>Private</title><p id=\"hello\">Hello, " + name + "</p>");
    }
}
