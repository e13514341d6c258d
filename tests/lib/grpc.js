'use strict';
// grpc-js clients built from our .proto files: an independent gRPC
// implementation to talk to the C servers.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const path = require('node:path');
const { SOURCE_DIR } = require('./proc');

const INCLUDE_DIRS = [path.join(SOURCE_DIR, 'proto'), '/usr/share/grpc-proto', '/usr/include'];
const LOAD_OPTS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: INCLUDE_DIRS };

function load(files) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(files, LOAD_OPTS));
}

const pkgs = load(['todo/v1/todo.proto', 'chat/v1/chat.proto', 'grpc/health/v1/health.proto',
  'grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto']);

function client(Ctor, addr) {
  return new Ctor(addr, grpc.credentials.createInsecure());
}

const todoClient = (addr) => client(pkgs.todo.v1.TodoService, addr);
const chatClient = (addr) => client(pkgs.chat.v1.ChatService, addr);
const healthClient = (addr) => client(pkgs.grpc.health.v1.Health, addr);
const reflectionClient = (addr, version = 'v1') => client(pkgs.grpc.reflection[version].ServerReflection, addr);

// call(client, 'Method', req, {deadlineMs}) -> Promise<resp>; rejects with the grpc error (err.code, err.details).
function call(c, method, req, { deadlineMs = 5000, metadata } = {}) {
  return new Promise((resolve, reject) => {
    const args = [req];
    if (metadata) args.push(metadata);
    args.push({ deadline: new Date(Date.now() + deadlineMs) });
    c[method](...args, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
}

module.exports = { grpc, pkgs, todoClient, chatClient, healthClient, reflectionClient, call, status: grpc.status };
