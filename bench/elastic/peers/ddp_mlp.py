"""The PyTorch peer of bench/elastic: one worker of a `torch.distributed.run` (torchrun) job,
started by bench/elastic/torchrun.ts with /usr/bin/python3 (Debian's python3-torch 1.13):

    ddp_mlp.py NODE STEPS THREADS CHECKPOINT CHECKPOINT_EVERY

The MNIST-shaped MLP (784-128-10, ReLU, Adam, cross-entropy) under DistributedDataParallel on the
gloo backend, on seeded synthetic data of MNIST's shapes, global batch 512 split over the world.
torchrun restarts every worker of the job on any membership change, so a worker starts by loading
the job's latest checkpoint (written by rank 0 every CHECKPOINT_EVERY steps), as torchrun's
documentation asks of elastic scripts. Prints its events as JSON lines on stdout:
    {"type": "start", "node", "pid", "rank", "world", "restart", "step"}   after loading the checkpoint
    {"type": "step", "node", "rank", "world", "step"}                        after each optimizer step
"""
import json
import os
import sys

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

NODE, STEPS, THREADS, CHECKPOINT, EVERY = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
SAMPLES, GLOBAL_BATCH = 48_000, 512


def emit(**fields):
    # One write per line: the workers of a node share the agent's stdout.
    sys.stdout.write(json.dumps({"node": NODE, **fields}) + "\n")
    sys.stdout.flush()


torch.set_num_threads(THREADS)
dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
torch.manual_seed(0)
x = torch.rand(SAMPLES, 784)
y = torch.randint(0, 10, (SAMPLES,))
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
step = 0
if os.path.exists(CHECKPOINT):
    state = torch.load(CHECKPOINT)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    step = state["step"]
ddp = DistributedDataParallel(model)
loss_fn = torch.nn.CrossEntropyLoss()
emit(type="start", pid=os.getpid(), rank=rank, world=world, restart=int(os.environ.get("TORCHELASTIC_RESTART_COUNT", "0")), step=step)

steps_per_epoch = SAMPLES // GLOBAL_BATCH
while step < STEPS:
    batch = (step % steps_per_epoch) * GLOBAL_BATCH
    # This rank's share of the global batch (DDP averages the gradients of equal shares).
    share = GLOBAL_BATCH // world
    start = batch + rank * share
    optimizer.zero_grad()
    loss_fn(ddp(x[start:start + share]), y[start:start + share]).backward()
    optimizer.step()
    step += 1
    emit(type="step", rank=rank, world=world, step=step - 1)
    if rank == 0 and step % EVERY == 0:
        # Written aside and renamed, so a kill mid-write leaves the previous checkpoint whole.
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}, CHECKPOINT + ".tmp")
        os.replace(CHECKPOINT + ".tmp", CHECKPOINT)
dist.destroy_process_group()
