<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:page title="Welcome">
  <h1>Welcome to ChangeBank</h1>
</t:page>
