/**
 * The servers' differences on error pages and static files, so that every server answers as web.xml says.
 * <ul>
 * <li>Jersey (Payara) sends the errors of Jakarta REST as servlet errors, RESTEasy (WildFly) only sets the status, and
 * answers an unhandled exception with a page of its own: {@link com.changebank.platform.web.ErrorPages},
 * {@link com.changebank.platform.web.UnexpectedErrors}.</li>
 * <li>A JSP answers only GET, POST and HEAD, so the error page of a failed PUT or DELETE would be the server's own:
 * {@link com.changebank.platform.web.ErrorPageFilter}.</li>
 * <li>Undertow's (WildFly) default servlet mapped to {@code /static/*} resolves paths against the mapping unless told
 * otherwise: {@link com.changebank.platform.web.StaticFiles}.</li>
 * </ul>
 * RESTEasy's handling of a {@code WebApplicationException} changed in RESTEasy 3.14
 * (<a href="https://github.com/wildfly/wildfly/pull/13805">wildfly/wildfly 13805</a>), with a switch back to the old
 * one (<a href="https://github.com/wildfly/wildfly/pull/19302">19302</a>, WFLY-14559), related; ChangeBank sets
 * neither. These are differences the specifications allow, not bugs to report; each class can go when ChangeBank no
 * longer runs on the server it is for ({@code ErrorPageIT} and {@code ChangeBankIT} show the pages).
 */
package com.changebank.platform.web;
