<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<t:page title="Account" current="account">
  <h1>Your balance</h1>
  <p class="balance">$<c:out value="${balance}"/></p>
  <p>Logged in as <strong class="account-email"><c:out value="${email}"/></strong>.</p>
</t:page>
