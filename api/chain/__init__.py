"""Chain access for the indexer and API: the deployment manifest, RPC with retries, log
decoding from the compiled ABIs. Plain web3.py; Brownie is not imported at run time."""
