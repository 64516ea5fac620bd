# The layers of src/ as libraries: docs/architecture.md says what each may use and why.
#
#   microblog_layer(<folder>
#     [LAYERS <PUBLIC|PRIVATE> <layer>... ...]   the layers it uses, as in target_link_libraries
#     [LIBS <PUBLIC|PRIVATE> <target>... ...]    the third-party libraries it uses
#     [SOURCES <file>...])                        sources outside src/<folder> (generated ones)
#
# Makes the static library microblog_<folder> from src/<folder>/*.cpp. PUBLIC: the layer's headers
# include the other's headers, so its users must see them too; PRIVATE: only its .cpp files do.
#
# Each layer gets an include root, ${CMAKE_BINARY_DIR}/layers/<folder>/src, holding one symbolic
# link, <folder> -> src/<folder>, and nothing else. src/ itself is on no include path: a compiler
# sees a folder only through the roots of the layers its target links, which is what turns an
# include against the layering into "No such file or directory" rather than a link error, or
# nothing at all. The roots end in "src" so that tools matching paths on "/src/" (.clang-tidy's
# HeaderFilterRegex) still recognise our headers when reached through the links.
#
# A layer may only name layers declared before it, so the graph cannot have a cycle.

set_property(GLOBAL PROPERTY MICROBLOG_LAYER_TARGETS "")

function(microblog_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LAYERS;LIBS;SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "microblog_layer(${name}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(dir ${PROJECT_SOURCE_DIR}/src/${name})
  if(NOT IS_DIRECTORY ${dir})
    message(FATAL_ERROR "microblog_layer(${name}): src/${name} is not a folder")
  endif()
  set(target microblog_${name})

  # Files get added to the folders while others work on them: CONFIGURE_DEPENDS picks them up.
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  add_library(${target} STATIC ${sources} ${arg_SOURCES})
  # Compiled eight files at a time (CMake's unity build): each batch parses the headers once, which
  # halves a clean build of src/. A name in one file's anonymous namespace must then not be reused
  # by another file of its folder. MICROBLOG_UNITY_BUILD=OFF compiles them one by one.
  set_target_properties(${target} PROPERTIES UNITY_BUILD ${MICROBLOG_UNITY_BUILD} UNITY_BUILD_BATCH_SIZE 8)

  set(root ${CMAKE_BINARY_DIR}/layers/${name}/src)
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${dir} ${root}/${name} SYMBOLIC)
  target_include_directories(${target} PUBLIC ${root})

  foreach(kind LAYERS LIBS)
    set(items "")
    set(scope "")
    foreach(item IN LISTS arg_${kind})
      if(item STREQUAL "PUBLIC" OR item STREQUAL "PRIVATE")
        set(scope ${item})
        list(APPEND items ${item})
      elseif(scope STREQUAL "")
        message(FATAL_ERROR "microblog_layer(${name}): ${kind} must start with PUBLIC or PRIVATE")
      elseif(kind STREQUAL "LIBS")
        list(APPEND items ${item})
      elseif(item STREQUAL name OR NOT TARGET microblog_${item})
        message(FATAL_ERROR "microblog_layer(${name}): '${item}' is not a layer declared before "
                            "this one")
      else()
        list(APPEND items microblog_${item})
      endif()
    endforeach()
    if(items)
      target_link_libraries(${target} ${items})
    endif()
  endforeach()

  set_property(GLOBAL APPEND PROPERTY MICROBLOG_LAYER_TARGETS ${target})
endfunction()
