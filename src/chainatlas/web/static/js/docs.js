// Swagger UI from the swagger-ui-bundle wheel; "Try it out" sends the session's CSRF token.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      if (token) { request.headers["X-CSRF-Token"] = token; }
      return request;
    },
  });
})();
