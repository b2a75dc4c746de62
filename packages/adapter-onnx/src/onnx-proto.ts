import protoPackage from 'onnx-proto';

/** The ONNX protobuf schema (onnx-proto, generated from the official onnx.proto by protobufjs). */
export const onnx = protoPackage.onnx;
export type TensorProtoInit = protoPackage.onnx.ITensorProto;
export type NodeProtoInit = protoPackage.onnx.INodeProto;
export const DataType = onnx.TensorProto.DataType;
