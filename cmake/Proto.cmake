# Generates protobuf-c sources (into the build tree, never into git) and the
# descriptor sets that server reflection serves.
set(TC_GEN_DIR ${CMAKE_BINARY_DIR}/gen)
file(MAKE_DIRECTORY ${TC_GEN_DIR})
set(TC_PROTO_PATH -I${CMAKE_SOURCE_DIR}/proto -I${GRPC_PROTO_DIR} -I${PROTOBUF_INCLUDE_DIR})

# tc_protoc_c(<out-var> <proto relative to an include root>...)
function(tc_protoc_c out_var)
  set(srcs)
  foreach(rel ${ARGN})
    string(REGEX REPLACE "\\.proto$" "" base ${rel})
    if(EXISTS ${CMAKE_SOURCE_DIR}/proto/${rel})
      set(abs ${CMAKE_SOURCE_DIR}/proto/${rel})
    elseif(EXISTS ${GRPC_PROTO_DIR}/${rel})
      set(abs ${GRPC_PROTO_DIR}/${rel})
    else()
      set(abs ${PROTOBUF_INCLUDE_DIR}/${rel})
    endif()
    add_custom_command(
      OUTPUT ${TC_GEN_DIR}/${base}.pb-c.c ${TC_GEN_DIR}/${base}.pb-c.h
      COMMAND ${PROTOC_C} ${TC_PROTO_PATH} --c_out=${TC_GEN_DIR} ${abs}
      DEPENDS ${abs}
      COMMENT "protoc-c ${rel}"
      VERBATIM)
    list(APPEND srcs ${TC_GEN_DIR}/${base}.pb-c.c)
  endforeach()
  set(${out_var} ${srcs} PARENT_SCOPE)
endfunction()

# tc_descriptor_set(<target-name> <c-symbol> <proto>...): a C source with the
# FileDescriptorSet (imports included) as `const unsigned char <sym>[]` and
# `const size_t <sym>_len`.
function(tc_descriptor_set name sym)
  set(abs_list)
  foreach(rel ${ARGN})
    if(EXISTS ${CMAKE_SOURCE_DIR}/proto/${rel})
      list(APPEND abs_list ${CMAKE_SOURCE_DIR}/proto/${rel})
    else()
      list(APPEND abs_list ${GRPC_PROTO_DIR}/${rel})
    endif()
  endforeach()
  set(pb ${TC_GEN_DIR}/${name}.pb)
  set(c ${TC_GEN_DIR}/${name}_descriptor.c)
  add_custom_command(
    OUTPUT ${c}
    COMMAND ${PROTOC} ${TC_PROTO_PATH} --include_imports --descriptor_set_out=${pb} ${abs_list}
    COMMAND ${CMAKE_COMMAND} -DIN=${pb} -DOUT=${c} -DSYM=${sym} -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${abs_list} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "descriptor set ${name}"
    VERBATIM)
  set(${name}_DESCRIPTOR_C ${c} PARENT_SCOPE)
endfunction()
