"""torchrun (`python3 -m torch.distributed.run`) as Debian's PyTorch 1.13 ships it, made to start on
Python 3.11: 1.13's Std.from_str finds a redirect setting by iterating over its flag enum, which
on 3.11 no longer yields the zero member (Std.NONE), so every launch fails before it starts a
worker ("'NoneType' object has no attribute 'get'"). Same arguments as torchrun.
"""
from torch.distributed.elastic.multiprocessing import api
from torch.distributed.run import main

parse = api.Std.from_str
api.Std.from_str = classmethod(lambda cls, vm: cls(int(vm)) if vm.isdigit() else parse(vm))

if __name__ == "__main__":
    main()
