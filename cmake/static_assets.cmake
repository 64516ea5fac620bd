# Lays out the folder served under /static/: our static/ plus Bootstrap's css and js from npm
# (node_modules), never from a CDN. Run at build time (target static_assets), so that only the
# targets that serve or install these files need Bootstrap: a configure, or a build of the unit
# tests, works without node_modules.
#   cmake -DSOURCE_DIR=<repository> -DOUTPUT=<folder> -P static_assets.cmake
set(dist ${SOURCE_DIR}/node_modules/bootstrap/dist)
set(files css/bootstrap.min.css js/bootstrap.bundle.min.js)
foreach(f ${files})
  if(NOT EXISTS ${dist}/${f})
    message(FATAL_ERROR "Bootstrap is missing (no node_modules/bootstrap/dist/${f}): run 'npm ci' "
                        "in ${SOURCE_DIR} (scripts/install-deps.sh does it), then build again")
  endif()
endforeach()
file(COPY ${SOURCE_DIR}/static/ DESTINATION ${OUTPUT})
foreach(f ${files})
  get_filename_component(sub ${f} DIRECTORY)
  file(COPY ${dist}/${f} DESTINATION ${OUTPUT}/vendor/bootstrap/${sub})
endforeach()

# Swagger UI (npm's swagger-ui-dist) for the API's documentation page, /api/docs.
set(swagger ${SOURCE_DIR}/node_modules/swagger-ui-dist)
foreach(f swagger-ui.css swagger-ui-bundle.js)
  if(NOT EXISTS ${swagger}/${f})
    message(FATAL_ERROR "swagger-ui-dist is missing (no node_modules/swagger-ui-dist/${f}): run "
                        "'npm ci' in ${SOURCE_DIR}, then build again")
  endif()
  file(COPY ${swagger}/${f} DESTINATION ${OUTPUT}/vendor/swagger-ui)
endforeach()
