# scopebench_area(NAME SOURCES files... [DEPENDS areas...] [LIBS targets...])
#
# One static library per core area, scopebench_NAME, built from an explicit file list. Its headers
# are reachable only through an include root of its own (<build>/include/NAME/NAME -> the area's
# folder), and an area sees only the roots of the areas it DEPENDS on. So an include that reaches
# up the layers ("decision/Decider.h" from policy/) fails to compile instead of waiting for a
# review, and the link order follows the same one-way graph.
function(scopebench_area name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;LIBS;PRIVATE_LIBS" ${ARGN})
    set(target scopebench_${name})
    add_library(${target} STATIC ${ARG_SOURCES})
    set(root "${PROJECT_BINARY_DIR}/include/${name}")
    if(NOT EXISTS "${root}/${name}")
        file(MAKE_DIRECTORY "${root}")
        file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${name}" SYMBOLIC)
    endif()
    target_include_directories(${target} PUBLIC "${root}")
    set(deps "")
    foreach(dep IN LISTS ARG_DEPENDS)
        list(APPEND deps scopebench_${dep})
    endforeach()
    target_link_libraries(${target}
        PUBLIC scopebench_options Qt6::Core ${deps} ${ARG_LIBS}
        PRIVATE ${ARG_PRIVATE_LIBS})
    set_property(GLOBAL APPEND PROPERTY SCOPEBENCH_AREAS ${target})
endfunction()

# A target that includes HEADER while seeing only AREA's include roots; the test named NAME
# builds it and passes when that build fails (EXPECT FAIL) or succeeds (EXPECT PASS: the control
# that shows a failure is the layering's doing, not a broken set-up).
function(scopebench_layering_test name area header)
    cmake_parse_arguments(ARG "" "EXPECT" "" ${ARGN})
    set(source "${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp")
    file(WRITE "${source}" "#include \"${header}\"\n")
    add_library(${name} OBJECT EXCLUDE_FROM_ALL "${source}")
    set_target_properties(${name} PROPERTIES AUTOMOC OFF)
    target_link_libraries(${name} PRIVATE scopebench_${area})
    add_test(NAME ${name}
             COMMAND "${CMAKE_COMMAND}" --build "${PROJECT_BINARY_DIR}" --target ${name})
    # Serial: it runs the build tool in the build tree that the other tests run from.
    if(ARG_EXPECT STREQUAL "PASS")
        set(will_fail FALSE)
    else()
        set(will_fail TRUE)
    endif()
    set_tests_properties(${name} PROPERTIES WILL_FAIL ${will_fail} RUN_SERIAL TRUE
                         LABELS "core;layering")
endfunction()
