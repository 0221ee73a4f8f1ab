"""Writes seq_torch.safetensors: PyTorch 1.13 LSTM, GRU and MultiheadAttention weights (their
state_dict names), an input and the modules' outputs, for nabla-seq's interop test.

Run with PyTorch and the reference safetensors package:
    python make_seq_fixture.py ../resources/dev/nabla/nn/seq_torch.safetensors
"""
import sys
import torch
from safetensors.torch import save_file

torch.manual_seed(0)
lstm = torch.nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)
gru = torch.nn.GRU(3, 4, batch_first=True)
mha = torch.nn.MultiheadAttention(6, 2, batch_first=True)
x = torch.randn(2, 5, 3)
q = torch.randn(2, 4, 6)
with torch.no_grad():
    lstm_out, (lstm_h, lstm_c) = lstm(x)
    gru_out, gru_h = gru(x)
    mha_out, mha_w = mha(q, q, q)
tensors = {"x": x, "q": q, "lstm_out": lstm_out, "lstm_h": lstm_h, "lstm_c": lstm_c, "gru_out": gru_out,
           "gru_h": gru_h, "mha_out": mha_out, "mha_weights": mha_w}
for prefix, module in (("lstm.", lstm), ("gru.", gru), ("mha.", mha)):
    for k, v in module.state_dict().items():
        tensors[prefix + k] = v
save_file({k: v.contiguous() for k, v in tensors.items()}, sys.argv[1])
