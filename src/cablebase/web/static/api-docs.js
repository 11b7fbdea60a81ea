// Starts Swagger UI on /api/docs (an external file: the Content-Security-Policy allows no inline script).
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                                validatorUrl: null, tryItOutEnabled: true });
});
