"""Mechanism-level defaults of the performance and cost model, each with its source.

Engine-specific factors (bandwidth and compute efficiency, per-step overhead, memory fraction)
live in the engine catalog; what is here holds for every engine. Every field is a named,
overridable assumption that the window and the report show with its source.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from aisle_desktop.sizing.explain import Assumption

GIB = 2**30
GB = 1e9


class PerformanceAssumptions(BaseModel):
    """Defaults of the memory and step-time model (SIZING.md sections 1-3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    runtime_overhead_gib_tp1: float = Field(
        1.5,
        ge=0,
        le=64,
        description="CUDA context, activation peak and CUDA graphs at TP 1 "
        "(vLLM and TRT-LLM memory profiles of 7-70B models; SIZING.md section 1)",
    )
    runtime_overhead_gib_multi_gpu: float = Field(
        2.5,
        ge=0,
        le=64,
        description="as above plus NCCL and custom all-reduce buffers at TP or PP > 1 "
        "(SIZING.md section 1)",
    )
    paging_waste_fraction: float = Field(
        0.02,
        ge=0,
        lt=0.5,
        description="KV blocks left partly empty by paged attention, about one block per "
        "sequence (vLLM paper, Kwon et al. 2023: under 4 % waste)",
    )
    request_overhead_ms: float = Field(
        5.0,
        ge=0,
        le=10_000,
        description="tokenisation, HTTP and scheduling before a request's first step "
        "(engineering judgement; SIZING.md section 3)",
    )
    postprocess_workers_overhead_share: float = Field(
        1.0,
        ge=0,
        le=1,
        description="share of the time per request before its first step that a request "
        "pays when the server post-processes its answers in worker processes (trtllm-serve's "
        "post-processing workers, none by default: detokenising and building each streamed "
        "response then run beside the engine's loop, not in the process that takes requests "
        "in and hands them to it); 100 %: the server's main process does both, as calibrations "
        "before 2026.12.41 modelled every line (docs/calibration.md)",
    )
    allreduce_efficiency: float = Field(
        0.5,
        ge=0.01,
        le=1,
        description="share of the catalog's NCCL all-reduce bus bandwidth that TP all-reduces "
        "reach inside a serving step (smaller messages, synchronisation, smaller per-GPU "
        "GEMMs); fit to the TP 2-8 rows of the published set, docs/calibration.md",
    )
    allreduce_large_message_factor: float = Field(
        1.0,
        ge=1,
        le=10,
        description="how many times the decode steps' share of the link speed the "
        "all-reduces of a prefill chunk reach: messages above 8 MiB leave the engine's own "
        "all-reduce kernels for NCCL's ring, which streams them near the bus bandwidth "
        "(capped at the catalog's figure); TP 4-8 prefill is faster than the decode-step "
        "efficiency says (docs/calibration.md)",
    )
    attention_flops_efficiency: float = Field(
        0.35,
        ge=0.01,
        le=1,
        description="flash-attention prefill reaches roughly 35-50 % of dense peak at "
        "serving sequence lengths (FlashAttention-2/3 papers)",
    )
    attention_bandwidth_efficiency: float = Field(
        0.72,
        ge=0.01,
        le=1,
        description="share of peak memory bandwidth decode attention reaches streaming the "
        "KV cache: paged-attention kernels (XQA, FlashInfer) read long contiguous blocks and "
        "run closer to the memory roofline than the skinny weight reads of a step; fit to "
        "the large-batch maximum-throughput rows, where KV reads dominate (docs/calibration.md)",
    )
    sm100_decode_attention_bandwidth_efficiency: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of peak memory bandwidth decode attention reaches where the engine "
        "runs TensorRT-LLM's decode kernel on a GPU of compute capability 10.x (B200, B300, "
        "GB200, GB300), as vLLM's FlashInfer backend does for attention that is not MLA with "
        "a 16-bit KV cache; not used (0 %): read at the share other GPUs reach, as calibrations "
        "before 2026.12.19 did (docs/calibration.md)",
    )
    block_scaled_gemm_efficiency: float = Field(
        0.65,
        ge=0.01,
        le=1,
        description="share of the engine's GEMM efficiency that native 4-bit (NVFP4, MXFP4) "
        "GEMMs keep: every block of 16 or 32 weights carries its own scale, which the "
        "kernel applies on the fly. Lightly fit to the FP4 Blackwell rows, which the "
        "FP8 efficiency over-predicts by 20-50 % (docs/calibration.md)",
    )
    expert_gemm_half_rate_width: float = Field(
        1000.0,
        ge=0,
        le=1_000_000,
        description="width (FFN columns per GPU) at which a routed expert's grouped GEMM "
        "reaches half the engine's dense GEMM rate: a fixed cost per expert problem that "
        "narrow, fine-grained experts cannot amortise. Fit to the MoE maximum-throughput "
        "rows (docs/calibration.md)",
    )
    layer_overhead_us: float = Field(
        20.0,
        ge=0,
        le=10_000,
        description="fixed time per transformer layer per iteration: a dozen kernels whose "
        "launch and tail cost does not shrink with the work (see docs/calibration.md)",
    )
    activation_quantization_us_per_layer: float = Field(
        30.0,
        ge=0,
        le=10_000,
        description="extra fixed time per layer per iteration when GEMMs run natively at "
        "FP8 or FP4: the activations are quantised by a separate kernel before each GEMM. "
        "Fit to NIM batch-1 TPOT, where FP8 is slower than its halved weight bytes predict "
        "(8B on H100: 7.5 ms at FP16, 5.4 ms at FP8; docs/calibration.md)",
    )
    eager_layer_overhead_us: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="host time per layer to launch the kernels of an iteration larger than "
        "the engine's largest CUDA graph (any prefill chunk): graphs replay decode steps "
        "without it, eager iterations pay it layer by layer (docs/calibration.md)",
    )
    mixed_mla_launch_layers: float = Field(
        0.0,
        ge=0,
        le=10,
        description="layers' worth of eager launches an MLA layer adds to an iteration that "
        "mixes a prompt with decoding sequences: TensorRT-LLM's MLA sends a prompt's tokens "
        "through its context path and the decodes' through a separate generation path, each "
        "with its own kernels, where GQA attention takes both in one call; its generation "
        "path launches about as many kernels as a layer does. Off (0 layers): one layer's "
        "launches, as "
        "calibrations before 2026.12.25 modelled it (docs/calibration.md)",
    )
    moe_layer_overhead_us: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="extra fixed time per MoE layer per iteration: routing, permuting tokens "
        "to their experts and back and summing their outputs run as kernels a dense MLP does "
        "not need; it shows at small batches, where MoE decode is slower than the experts' "
        "weight reads say (docs/calibration.md)",
    )
    expert_load_cv: float = Field(
        0.0,
        ge=0,
        le=5,
        description="how unevenly a MoE router spreads a batch's tokens over its experts "
        "(coefficient of variation of the experts' loads; off (a CV of 0): every expert equally "
        "likely): "
        "uneven routing touches fewer distinct experts at a given batch, so MoE decode reads "
        "fewer expert weights than even routing says until the batch is large "
        "(docs/calibration.md)",
    )
    expert_rank_imbalance: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of the busiest expert-parallel rank's excess load that a MoE "
        "layer waits for: each rank multiplies the tokens routed to its own experts, and the "
        "layer ends when the rank given the most does; 100 % takes the expected largest of the "
        "EP ranks' loads as unevenly as the experts' loads spread, off (0 %) every rank at the "
        "mean "
        "(docs/calibration.md)",
    )
    busiest_rank_expert_reads: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of the busiest expert-parallel rank's excess routed-expert reads "
        "that a MoE layer bound by its weight reads waits for: each rank reads the experts its "
        "tokens picked among its own, and the layer ends when the rank holding the most of "
        "them has read them; 100 % takes the expected largest of the EP ranks' counts of picked "
        "experts (which ranks hold a step's picks is a draw), off (0 %) every rank at the mean, as "
        "calibrations before 2026.12.15 modelled it (docs/calibration.md)",
    )
    draft_pass_touched_experts: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: a MoE model's MTP draft pass over a batch reads the routed experts "
        "the batch's draft tokens touch, as the model's own MoE layers do (the MTP module is "
        "one block of the model's shape, run over every sequence at once); off (0 %): one token's "
        "active share of the layer, as calibrations before 2026.12.16 modelled it "
        "(docs/calibration.md)",
    )
    draft_head_per_attention_rank: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: an MTP draft pass under data-parallel attention reads the whole LM "
        "head on each attention rank, as the model's own step does (TensorRT-LLM 1.x keeps "
        "the head whole on every attention-DP rank unless a prototype option, off by "
        "default, splits it); off (0 %): a GPU's tensor-parallel share of it (SGLang "
        "splits its head over every GPU unless --enable-dp-lm-head), as calibrations before "
        "2026.12.18 modelled it (docs/calibration.md)",
    )
    multi_node_nvlink_all_to_all: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: a MoE layer under data-parallel attention whose expert-parallel "
        "group has more ranks than a token picks experts, on GPUs of a multi-node NVLink "
        "domain (GB200/GB300 NVL72), sends each token only to the ranks holding its experts "
        "(TensorRT-LLM's MNNVL all-to-all): 1 - (1 - 1/EP)^k of what gathering every token "
        "to every rank moves; off (0 %): every rank gathers every token, as calibrations before "
        "2026.12.12 modelled it (docs/calibration.md)",
    )
    kv_copies_from_prompt_gpus: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: a prompt's KV cache leaves only the prefill GPUs that hold it (its "
        "attention group: one GPU under data-parallel attention), each sending its part to "
        "every decode GPU it serves one after another, so a decode tensor-parallel group "
        "holding a latent cache whole on each GPU costs the sender a copy per decode GPU "
        "(TensorRT-LLM's cache formatters, as MLACacheFormatter::format, loop over their "
        "connections to the generation ranks); off (0 %): every prefill GPU sends its own part to "
        "one decode GPU, all pairs at once, as calibrations before 2026.12.39 modelled it "
        "(docs/calibration.md)",
    )
    cross_tray_allreduce_bus_gbps: float = Field(
        0.0,
        ge=0,
        le=2000,
        description="all-reduce bus bandwidth (GB/s) of a tensor-parallel group that spans "
        "the trays of a multi-node NVLink domain (GB200/GB300 NVL72: 4 GPUs a tray) when the "
        "engine's own all-reduce declines a group spanning hosts and NCCL's runs instead "
        '(SGLang 0.5: "Custom allreduce is disabled because this process group spans across '
        "nodes\"): NCCL 2.30's all-reduce between two GB200 trays, 8 GPUs, reached 199 GB/s "
        "(lightseekorg/tokenspeed pull request 860); off (0 GB/s): the domain's NVLink figure, as "
        "calibrations before 2026.12.37 modelled it (docs/calibration.md)",
    )
    cross_server_allreduce_bus_gbps: float = Field(
        0.0,
        ge=0,
        le=2000,
        description="all-reduce bus bandwidth (GB/s) of a tensor-parallel group that spans "
        "8-GPU servers over their network adapters when the engine's own all-reduce declines "
        "a group spanning hosts and NCCL's runs instead, at a prefill chunk's message size: "
        "NCCL between two 8-GPU HGX servers (H20, the H100's NVLink 4, a 400 Gb/s NDR adapter "
        "a GPU) took 203.0 us at 16 MiB and 298.5 us at 32 MiB (NVIDIA/nccl issue 1244), "
        "200 GB/s at a 2,048-token chunk of a 7,168-wide model (28 MiB); never more than the "
        "adapters' own figure; off (0 GB/s): the adapters' figure (eight adapters together on an "
        "8-GPU "
        "server), as calibrations before 2026.12.40 modelled it (docs/calibration.md)",
    )
    expert_exchange_network_hop_us: float = Field(
        0.0,
        ge=0,
        le=1000,
        description="latency (us) of one network hop of an expert exchange that crosses "
        "8-GPU servers, where the engine gathers and scatters the tokens with NCCL's ring "
        "(vLLM's all-gather / reduce-scatter exchange, `AgRsAll2AllManager`, over its "
        "data-parallel group): the ring crosses the network once per server boundary and "
        "takes NVLink hops inside each server, so a collective costs one inside a server plus "
        "this per boundary; NCCL's own model charges 2.7 us for a ring's network hop in its "
        "low-latency protocol (`src/graph/tuning.cc`, `hwLat[NCCL_HW_NET][NCCL_ALGO_RING]`); "
        "off (0 µs): log2(GPUs) rounds at the network's all-reduce latency, as calibrations before "
        "2026.12.44 modelled it (docs/calibration.md)",
    )
    weight_only_expert_bandwidth_share: float = Field(
        1.0,
        gt=0,
        le=1,
        description="share of the memory speed other weight reads reach that a weight-only INT4 "
        "MoE kernel reaches reading its routed experts: vLLM's and SGLang's W4A16 grouped "
        "kernels (Marlin MoE, the Triton WNA16 MoE) dequantise each group of 32-128 weights "
        "with its scale inside a small tile per expert and stream far below the dense "
        "weight-only GEMMs; 100 % reads them as fast as every other weight (docs/calibration.md)",
    )
    stream_overhead_us_per_sequence: float = Field(
        40.0,
        ge=0,
        le=10_000,
        description="an HTTP server's cost per running sequence per iteration: sampling, "
        "detokenising and streaming each new token to its client, serialised with the GPU "
        "work; offline benchmarks (trtllm-bench, static batches) do not pay it. Fit to the "
        "concurrency sweeps, where TPOT grows faster with the batch than the GPU work "
        "(docs/calibration.md)",
    )
    pipeline_send_latency_us: float = Field(
        20.0,
        ge=0,
        le=10_000,
        description="point-to-point activation send between pipeline stages (NCCL p2p "
        "latency over NVLink, engineering judgement)",
    )
    pipeline_whole_prompts: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: under pipeline parallel a request's prompt rides one micro-batch "
        "through every stage (vLLM's batch queue, TensorRT-LLM's micro-batches), so a lone "
        "prompt takes the whole model's time and the others wait behind it, and each "
        "micro-batch is scheduled with its own token budget; off (0 %): a prompt is spread over "
        "the micro-batches, as calibrations before 2026.12.11 modelled it (docs/calibration.md)",
    )
    weight_bandwidth_factor: float = Field(
        1.0,
        ge=0.1,
        le=3,
        description="multiplies the engine catalog's share of peak memory bandwidth that "
        "weight reads reach; an engine release's own kernels set it (docs/calibration.md, engine "
        "releases)",
    )
    gemm_flops_factor: float = Field(
        1.0,
        ge=0.1,
        le=3,
        description="multiplies the engine catalog's share of dense peak compute that "
        "weight GEMMs reach; an engine release's own kernels set it (docs/calibration.md)",
    )
    step_overhead_factor: float = Field(
        1.0,
        ge=0,
        le=10,
        description="multiplies the engine catalog's per-iteration scheduling overhead; an "
        "engine release's scheduler sets it (docs/calibration.md)",
    )
    host_overlap: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of an iteration's host work (scheduling, sampling, streaming) "
        "hidden behind the GPU's: none (0 %) when the engine runs them in turn (2023-25 "
        "releases), up to 100 % with an overlap scheduler (TensorRT-LLM 1.x, vLLM async "
        "scheduling, SGLang 0.5)",
    )
    network_adapters_per_collective: float = Field(
        1.0,
        ge=1,
        le=8,
        description="network adapters a collective (all-reduce, all-gather) across servers "
        "runs over together when each server's GPUs share NVLink: NCCL runs one ring per "
        "adapter and only two hops of each ring leave a server, so an 8-GPU server with an "
        "adapter per GPU reaches 8 adapters' bandwidth (nccl-tests: 400-450 GB/s bus "
        "bandwidth on H100 servers with 400 Gb/s per GPU), never more than NVLink's own "
        "figure; 1: one adapter's, as calibrations before 2026.12.13 modelled it "
        "(docs/calibration.md)",
    )
    allreduce_latency_factor: float = Field(
        1.0,
        ge=0,
        le=10,
        description="multiplies the catalog's latency per all-reduce round: one-shot and "
        "fused all-reduce kernels of later engine releases synchronise faster than NCCL's "
        "ring (docs/calibration.md)",
    )
    concurrency_run_requests: float = Field(
        1.0,
        ge=1,
        le=10_000_000,
        description="requests a fixed-concurrency benchmark run measures: its first N start "
        "together (a cohort of prefills), the later ones are staggered, so the cohort's share "
        "of the mean is N / this; 1 counts every request as part of a cohort, as the "
        "2023-25 sweeps were fitted (docs/calibration.md)",
    )
    first_token_wait_steps: float = Field(
        0.0,
        ge=0,
        le=10,
        description="decode iterations a new request's first token waits beyond its own "
        "prefill: an overlap scheduler has planned the next iteration before the request "
        "arrives, and returns the token of an iteration only once the following one is "
        "launched (docs/calibration.md)",
    )
    attention_dp_balance_timeout_steps: float = Field(
        0.0,
        ge=0,
        le=1000,
        description="iterations TensorRT-LLM's attention data-parallel balancer "
        "(its balance setting, with a timeout in iterations) holds new prompts back until "
        "every attention rank has one, so that their prefills run in one iteration: a prompt "
        "waits for the other ranks' arrivals, at most this long. NVIDIA's TensorRT-LLM "
        "recipes for attention DP set 60; off (0 steps): no balancer (vLLM, SGLang, earlier "
        "releases; "
        "docs/calibration.md)",
    )
    attention_rank_whole_prompts: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: under attention DP each rank's own scheduler admits only the whole "
        "prompts its token budget holds beside its decoding tokens (TensorRT-LLM gives each "
        "rank the engine's whole token budget and schedules prompts whole unless chunked "
        "prefill is turned on), so where that is one prompt an iteration the balancer lets "
        "one prompt a rank go at each release and the rest wait for the next: clients in a "
        "loop are simulated by the balancer's own rule; off (0 %): the balancer's closed form "
        "whatever the budget, as calibrations before 2026.12.45 modelled it "
        "(docs/calibration.md)",
    )
    concurrency_run_rounds: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="requests each client of a fixed-concurrency run sends and the run "
        "measures: NVIDIA's benchmark harnesses (GenAI-Perf and AIPerf in the Dynamo and "
        "TensorRT-LLM guides: 10; aiconfigurator's, which measured the 2025-26 rows: 50) "
        "send that many times the concurrency, so the starting cohort's share of the mean "
        "does not change with the concurrency; off (0 requests): the run's length is read from "
        "the requests "
        "its benchmark line says it measured (docs/calibration.md)",
    )
    concurrency_token_budget_headroom: float = Field(
        0.0,
        ge=0,
        le=1_000_000,
        description="tokens beyond a replica's concurrency and one prompt that the benchmark "
        "harness gives an aggregated worker's iteration: aiconfigurator's vLLM and "
        "TensorRT-LLM rules set the tokens an iteration may take to max batch + input + "
        "1,500, the max batch the concurrency a replica carries. Read only for the "
        "aggregated lines aiconfigurator measured; off (0 tokens): the engine's own budget "
        "(docs/calibration.md)",
    )
    concurrency_warmup_rounds: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="requests each client sends before a fixed-concurrency run starts "
        "measuring (aiconfigurator's harness: 2 x concurrency); the starting cohort falls "
        "in the warm-up, and only the share of it kept each round is measured "
        "(docs/calibration.md)",
    )
    cohort_persistence: float = Field(
        0.0,
        ge=0,
        le=0.99,
        description="share of a fixed-concurrency run's lockstep cohort whose requests "
        "arrive together again in the next round: fixed lengths bring clients served "
        "together back together, and only timing noise disperses them. At 0 % (none) the "
        "cohort dissolves after one round, as a noiseless simulation of the scheduler does; the "
        "2025-26 runs keep 85-94 % a round (docs/calibration.md)",
    )
    disaggregated_cohort_persistence: float = Field(
        0.0,
        ge=0,
        le=0.99,
        description="share of a starting cohort kept each round in a disaggregated run: its "
        "decode iterations carry "
        "no prefill, so a cohort's answers, all of one length, decode at one pace and end "
        "together, and its next prompts reach the prefill pool together more often than in "
        "aggregated serving, where each step's prefill chunk staggers them. Off (0 %): as "
        "aggregated serving (docs/calibration.md)",
    )
    disaggregated_decode_step_ms: float = Field(
        0.0,
        ge=0,
        le=100,
        description="host time a decode worker of disaggregated serving adds to each "
        "iteration, serial with its GPU work: checking which requests' caches have arrived, "
        "with the collectives that keep its ranks in step before each check (TensorRT-LLM's "
        "executor polls transfer status every iteration; its 2026 changes removing those "
        "votes, PRs 17104 and 18024, measure them). None (0 ms): as aggregated serving, which "
        "pays none "
        "(docs/calibration.md)",
    )
    disaggregated_handover_ms: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="time between a prompt's prefill ending and its decode worker starting "
        "on it, beyond the KV cache's bytes and the first token's iterations: the router "
        "dispatching the request to a decode worker once the prefill's response is back, "
        "the decode engine taking it in and learning at a step boundary that its cache has "
        "arrived, and the transfer's own overhead beyond the bytes. vLLM's NIXL connector: "
        "197 ms of hand-over at 64-token blocks less its 58 ms recomputed first token and "
        "the 19 ms of its 47 ms transfer window that scale with the descriptors, 120 ms "
        "(vLLM RFC 50913; 92 ms in 2026.12.21, which took the whole window for the bytes). "
        "None (0 ms): the cache's transfer and the first token's iterations are the whole "
        "hand-over "
        "(docs/calibration.md)",
    )
    cross_tray_kv_over_network: float = Field(
        0.0,
        ge=0,
        le=1,
        description="100 %: a disaggregated prompt's KV cache crosses between the trays of a "
        "multi-node NVLink domain (GB200/GB300 NVL72: 4 GPUs a tray, each tray its own host) "
        "over the network adapters, not NVLink, where the two workers cannot share a tray: "
        "vLLM's NIXL connector allocates its cache without a CUDA fabric handle, so UCX cannot "
        "export it across the domain and falls back to the network (vLLM pull request 51377; "
        "pull request 33540 adds an opt-in path; UCX leaves its multi-node NVLink support off "
        "by default, openucx/ucx pull request 10206); off (0 %): over NVLink, as calibrations "
        "before 2026.12.40 modelled it (docs/calibration.md)",
    )
    benchmark_requests: int = Field(
        500,
        ge=1,
        le=10_000_000,
        description="requests per online benchmark run, for the queue that builds when the "
        "offered rate exceeds capacity (published online-serving runs send 500)",
    )

    def as_assumptions(self) -> list[Assumption]:
        """List every field as an explained assumption, for results and reports."""
        return _listed(self)


class CostAssumptions(BaseModel):
    """Defaults of the power and cost model (SIZING.md section 5)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gpu_average_power_fraction: float = Field(
        0.70,
        ge=0.01,
        le=1,
        description="average GPU draw as a share of TDP under steady inference load "
        "(SIZING.md section 5; nvidia-smi traces of serving runs sit at 60-80 %)",
    )
    network_storage_overhead_fraction: float = Field(
        0.10,
        ge=0,
        le=2,
        description="network, storage and rack hardware on top of server prices "
        "(SIZING.md section 5)",
    )
    support_fraction_per_year: float = Field(
        0.10,
        ge=0,
        le=1,
        description="hardware and software support per year as a share of capex "
        "(typical enterprise support contracts)",
    )
    target_utilization: float = Field(
        0.8,
        ge=0.01,
        le=1,
        description="peak load as a share of capacity, to leave headroom for bursts "
        "(SIZING.md section 3)",
    )

    def as_assumptions(self) -> list[Assumption]:
        """List every field as an explained assumption, for results and reports."""
        return _listed(self)


def _listed(model: BaseModel) -> list[Assumption]:
    fields = type(model).model_fields
    return [
        Assumption(name=name, value=getattr(model, name), source=str(info.description or ""))
        for name, info in fields.items()
    ]
