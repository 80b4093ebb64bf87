import type { ServiceDefinition, MethodDefinition } from "@grpc/grpc-js";
import type { Root, Service, Type } from "protobufjs";

/**
 * grpc-js service definitions built straight from protobufjs reflection (no @grpc/proto-loader): each method gets
 * its path (/package.Service/Method) and serializers that turn plain objects into messages and back.
 * Decoded messages keep the protocol's field names, int64 as number, bytes as Buffer, enums as names,
 * absent message fields as null, and name the set member of a oneof.
 */
const TO_OBJECT = { longs: Number, enums: String, bytes: Buffer, defaults: true, oneofs: true } as const;

export function serviceDefinition(root: Root, serviceName: string): ServiceDefinition {
  const service = root.lookupService(serviceName);
  const definition: { [method: string]: MethodDefinition<object, object> } = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType!;
    const responseType = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName(service)}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(requestType),
      requestDeserialize: deserializer(requestType),
      responseSerialize: serializer(responseType),
      responseDeserialize: deserializer(responseType),
      originalName: method.name,
    };
  }
  return definition;
}

function fullName(service: Service): string {
  return service.fullName.replace(/^\./, "");
}

function serializer(type: Type): (message: object) => Buffer {
  return (message) => {
    const bytes = type.encode(type.fromObject(message)).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(type: Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), TO_OBJECT);
}
