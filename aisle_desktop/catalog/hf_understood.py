"""Which config keys each family reader understands, and the refusal for the rest.

A key Aisle has not seen may change the memory or the FLOPs of a model (a new attention
kind, a latent MoE, shared KV across layers), so an import that met one would quietly size a
different model. Keys that cannot change sizing (token ids, norms' epsilon, rotary settings,
generation defaults, training-only settings) are listed once for every family; each reader
lists the keys it reads. Anything else is refused by name.
"""

from __future__ import annotations

from aisle_desktop.catalog.errors import CatalogError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Keys that do not change memory, reads or FLOPs (or that Aisle reads elsewhere: dtype,
# quantization, tied embeddings, context length).
NEUTRAL_KEYS = _words(
    """
    _name_or_path architectures auto_map model_type transformers_version torch_dtype
    dtype quantization_config tie_word_embeddings max_position_embeddings use_cache
    initializer_range attention_dropout hidden_dropout bos_token_id eos_token_id
    pad_token_id sep_token_id decoder_start_token_id forced_bos_token_id
    forced_eos_token_id image_token_id video_token_id audio_token_id boa_token_id
    boi_token_id eoa_token_id eoi_token_id eoa_token_index image_token_index
    video_token_index vision_start_token_id vision_end_token_id
    media_placeholder_token_id rms_norm_eps layer_norm_epsilon norm_eps
    layernorm_epsilon use_gemma_norm rope_theta rope_scaling rope_parameters
    partial_rotary_factor rotary_dim rope_interleave indexer_rope_interleave
    compress_rope_theta use_mrope hidden_act hidden_activation mlp_hidden_act
    mamba_hidden_act swiglu_limit swiglu_alpha final_logit_softcapping
    router_aux_loss_coef aux_loss_alpha output_router_logits router_jitter_noise seq_aux
    scoring_func topk_method n_group topk_group norm_topk_prob routed_scaling_factor
    ep_size pretraining_tp moe_router_dtype use_routing_bias num_logits_to_keep
    chunk_size time_step_floor time_step_limit time_step_max time_step_min
    time_step_rank rescale_prenorm_residual residual_in_fp32 use_mamba_kernels
    mamba_proj_bias use_bias hc_eps hc_sinkhorn_iters initial_context_length
    language_model_only use_bidirectional_attention vision_soft_tokens_per_image
    swa_rope_theta attention_value_scale use_moe_router_bias moe_router_scaling_factor
    mtp_use_dedicated_embeddings moe_shared_expert_overlap
    text_config vision_config audio_config ignore_index add_cross_attention
    bad_words_ids begin_suppress_tokens chunk_size_feed_forward
    cross_attention_hidden_size diversity_penalty do_sample early_stopping
    encoder_no_repeat_ngram_size exponential_decay_length_penalty finetuning_task
    id2label label2id is_decoder is_encoder_decoder length_penalty max_length min_length
    no_repeat_ngram_size num_beam_groups num_beams num_return_sequences
    output_attentions output_hidden_states output_scores prefix problem_type
    pruned_heads remove_invalid_values repetition_penalty return_dict
    return_dict_in_generate suppress_tokens task_specific_params temperature
    tf_legacy_loss tie_encoder_decoder tokenizer_class top_k top_p torchscript typical_p
    use_bfloat16 use_unified_vision_chunk video_placeholder image_placeholder
    """
)

_MLA = """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads intermediate_size
    vocab_size kv_lora_rank q_lora_rank qk_nope_head_dim qk_rope_head_dim v_head_dim
    n_routed_experts num_experts num_experts_per_tok n_shared_experts moe_intermediate_size
    first_k_dense_replace moe_layer_freq num_nextn_predict_layers attention_bias head_dim
    qk_head_dim index_head_dim index_n_heads index_topk indexer_types mlp_layer_types
    layer_types mlp_bias index_topk_pattern index_topk_freq index_skip_topk_offset
    index_share_for_mtp_iteration
"""

FAMILY_KEYS: dict[str, frozenset[str]] = {
    "mla": _words(_MLA),
    "deepseek_v4": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    vocab_size q_lora_rank o_lora_rank o_groups qk_rope_head_dim n_routed_experts
    num_experts_per_tok n_shared_experts moe_intermediate_size num_nextn_predict_layers
    index_head_dim index_n_heads index_topk sliding_window compress_ratios hc_mult
    num_hash_layers expert_dtype attention_bias
    """
    ),
    "qwen_hybrid": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    intermediate_size vocab_size layer_types full_attention_interval attn_output_gate
    output_gate_type linear_conv_kernel_dim linear_key_head_dim linear_num_key_heads
    linear_num_value_heads linear_value_head_dim mamba_ssm_dtype num_experts
    num_experts_per_tok moe_intermediate_size shared_expert_intermediate_size
    mlp_only_layers decoder_sparse_step mtp_num_hidden_layers num_nextn_predict_layers
    attention_bias
    """
    ),
    "gqa_moe": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    intermediate_size vocab_size num_local_experts num_experts_per_tok
    moe_intermediate_size shared_intermediate_size n_shared_experts moe_layer_freq
    first_k_dense_replace dense_intermediate_size attn_type_list attention_output_gate
    use_qk_norm qk_norm_type sparse_attention_config use_mtp num_mtp_modules
    mtp_transformer_layers num_nextn_predict_layers sliding_window n_routed_experts
    attention_bias use_grouped_mm
    """
    ),
    "gemma4": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    global_head_dim num_global_key_value_heads attention_k_eq_v sliding_window
    layer_types intermediate_size vocab_size enable_moe_block num_experts top_k_experts
    moe_intermediate_size expert_intermediate_size num_kv_shared_layers
    hidden_size_per_layer_input vocab_size_per_layer_input use_double_wide_mlp
    attention_bias
    """
    ),
    "windowed_moe": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    v_head_dim swa_num_attention_heads swa_num_key_value_heads swa_head_dim swa_v_head_dim
    layer_types hybrid_layer_pattern sliding_window sliding_window_size attention_chunk_size
    add_swa_attention_sink_bias add_full_attention_sink_bias use_head_wise_attn_gate
    use_qk_norm attention_bias intermediate_size vocab_size n_routed_experts num_experts
    num_experts_per_tok moe_intermediate_size n_shared_experts share_expert_dim
    moe_layer_freq first_k_dense_replace num_nextn_predict_layers
    """
    ),
    "nemotron_nas": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads intermediate_size
    vocab_size block_configs attention_bias mlp_bias
    """
    ),
    "nemotron_h": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads head_dim
    attention_head_dim intermediate_size vocab_size hybrid_override_pattern
    layers_block_type mamba_num_heads mamba_head_dim n_groups ssm_state_size conv_kernel
    expand use_conv_bias mamba_ssm_cache_dtype n_routed_experts num_experts_per_tok
    moe_intermediate_size moe_latent_size n_shared_experts
    moe_shared_expert_intermediate_size num_nextn_predict_layers
    mtp_hybrid_override_pattern mtp_layers_block_type sliding_window attention_bias
    mlp_bias
    """
    ),
    "kimi_linear": _words(
        """
    num_hidden_layers hidden_size num_attention_heads num_key_value_heads
    intermediate_size vocab_size kv_lora_rank q_lora_rank qk_nope_head_dim
    qk_rope_head_dim v_head_dim num_experts n_routed_experts num_experts_per_token
    num_experts_per_tok num_shared_experts n_shared_experts moe_intermediate_size
    first_k_dense_replace moe_layer_freq linear_attn_config num_nextn_predict_layers
    routed_expert_hidden_size latent_moe_use_norm mla_use_output_gate mla_use_nope
    attn_res_block_size activation_situ_beta activation_situ_linear_beta moe_renormalize
    moe_router_activation_func use_grouped_topk num_expert_group
    """
    ),
    "legacy": _words(
        """
    num_hidden_layers n_layer num_layers hidden_size n_embd d_model num_attention_heads
    n_head num_key_value_heads num_kv_heads head_dim intermediate_size n_inner
    ffn_hidden_size intermediate_size_mlp vocab_size n_positions max_window_layers
    sliding_window use_sliding_window layer_types sliding_window_pattern
    attention_chunk_size no_rope_layers n_routed_experts num_local_experts num_experts
    num_experts_per_tok experts_per_token num_experts_per_token moe_intermediate_size
    n_shared_experts first_k_dense_replace moe_layers interleave_moe_layer_step
    mlp_only_layers decoder_sparse_step moe_layer_freq kv_lora_rank q_lora_rank
    qk_nope_head_dim qk_rope_head_dim v_head_dim num_nextn_predict_layers
    new_decoder_architecture multi_query bias parallel_attn alibi attention_bias
    qkv_bias mlp_bias use_qk_norm qk_layernorm shared_expert_intermediate_size
    type_vocab_size position_embedding_type layer_norm_eps rotary_pct rotary_emb_base
    scale_attn_weights embd_pdrop resid_pdrop attn_pdrop activation_function
    query_pre_attn_scalar attn_logit_softcapping cache_implementation
    original_max_position_embeddings hidden_dropout_prob attention_probs_dropout_prob
    classifier_dropout gradient_checkpointing sliding_window_size
    use_post_attention_norm rotary_emb_fraction
    """
    ),
}


def check_understood(data: dict[str, object], family: str, label: str) -> None:
    """Refuse a config carrying keys its family's reader does not understand."""
    known = NEUTRAL_KEYS | FAMILY_KEYS[family]
    unknown = sorted(
        key for key in data if key not in known and not key.endswith(("_token_id", "_dropout"))
    )
    if unknown:
        raise CatalogError(
            f"{label}: Aisle does not understand the key(s) {', '.join(unknown)}; they may "
            "change the model's memory or speed, so it will not guess. Describe the model "
            "in a catalog file instead (catalog/README.md)."
        )
