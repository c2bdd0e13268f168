"""Exports a saved Tensile MLP to ONNX through PyTorch, for the onnxruntime-node peer of the
serving benchmark: `python3 exportOnnx.py MODEL_DIR OUT.onnx`.

MODEL_DIR holds a Tensile (TF.js layers format) model.json and its weight files, a Sequential of
Dense layers. The same architecture is built from torch.nn layers, the saved weights are loaded
into it (Dense kernels are [in, out], torch.nn.Linear weights [out, in]), and torch.onnx.export
writes it with a dynamic batch axis, so both servers run the very same model.
"""
import json
import os
import sys

import numpy as np
import torch

ACTIVATIONS = {'relu': torch.nn.ReLU, 'softmax': lambda: torch.nn.Softmax(dim=-1), 'sigmoid': torch.nn.Sigmoid, 'tanh': torch.nn.Tanh, 'linear': None}


def read_weights(model_dir, manifest):
    """Every weight by name, as float32 arrays, read in manifest order from its shard files."""
    weights = {}
    for group in manifest:
        data = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        at = 0
        for w in group['weights']:
            if w['dtype'] != 'float32':
                raise ValueError(f"weight {w['name']}: expected dtype float32, found {w['dtype']}")
            n = int(np.prod(w['shape'])) if w['shape'] else 1
            weights[w['name']] = np.frombuffer(data, dtype='<f4', count=n, offset=at).reshape(w['shape'])
            at += 4 * n
    return weights


def build(model_dir):
    """The torch.nn.Sequential equal to the saved model, weights loaded, and its input size."""
    saved = json.load(open(os.path.join(model_dir, 'model.json')))
    topology = saved['modelTopology']
    if topology.get('class_name') != 'Sequential':
        raise ValueError(f"expected a Sequential model, found {topology.get('class_name')}")
    weights = read_weights(model_dir, saved['weightsManifest'])
    modules = []
    for layer in topology['config']['layers']:
        config = layer['config']
        if layer['class_name'] != 'Dense':
            raise ValueError(f"layer {config['name']}: expected Dense, found {layer['class_name']}")
        kernel = weights[f"{config['name']}/kernel"]
        linear = torch.nn.Linear(kernel.shape[0], kernel.shape[1], bias=config['use_bias'])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
            if config['use_bias']:
                linear.bias.copy_(torch.from_numpy(weights[f"{config['name']}/bias"].copy()))
        modules.append(linear)
        if config['activation'] not in ACTIVATIONS:
            raise ValueError(f"layer {config['name']}: activation {config['activation']} is not one of {', '.join(ACTIVATIONS)}")
        activation = ACTIVATIONS[config['activation']]
        if activation is not None:
            modules.append(activation())
    first = topology['config']['layers'][0]['config']['batch_input_shape']
    return torch.nn.Sequential(*modules).eval(), first[1]


def main():
    model_dir, out = sys.argv[1], sys.argv[2]
    model, inputs = build(model_dir)
    torch.onnx.export(model, torch.zeros(1, inputs), out, input_names=['input'], output_names=['output'],
                      dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}}, opset_version=13)


if __name__ == '__main__':
    main()
