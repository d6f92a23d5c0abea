/**
 * Repair of Jakarta Authorization on Payara 7.2026.11 (Exousia 3.0.1): a request for the context root is checked as the
 * URL pattern {@code "/"} rather than the context root's own pattern {@code ""}, so with any security constraint in
 * web.xml the home page asks for a login. {@link com.changebank.platform.authorization.ContextRootPolicy} asks the
 * server's policy about {@code ""} instead, on servers with Jakarta Authorization 3.0 only. Report to file with
 * Exousia: "An exact request for the context root must be checked against the context root's pattern "", not "/"." None
 * found in eclipse-ee4j/exousia or payara/Payara. Delete this package when the home page of a WAR with a security
 * constraint is public on Payara 7 without it ({@code ChangeBankIT} checks the home page).
 */
package com.changebank.platform.authorization;
