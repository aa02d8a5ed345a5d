#ifdef NORMLAB_HAVE_ONEDNN

#include "perf/onednn_peer.hpp"

#include <dlfcn.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

namespace normlab::perf {

struct OneDnnLayerNorm::State {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  dnnl::layer_normalization_forward forward_primitive;
  dnnl::layer_normalization_backward backward_primitive;
  std::unordered_map<int, dnnl::memory> forward_arguments;
  std::unordered_map<int, dnnl::memory> backward_arguments;
};

OneDnnLayerNorm::OneDnnLayerNorm(std::size_t rows, std::size_t cols, float eps, const float* input,
                                 const float* gamma, const float* beta, float* output, const float* output_grad,
                                 float* input_grad, float* gamma_grad, float* beta_grad)
    : state_(std::make_unique<State>()) {
  using dnnl::memory;
  using tag = memory::format_tag;
  const auto data_type = memory::data_type::f32;
  const memory::dims data_dims{static_cast<memory::dim>(rows), static_cast<memory::dim>(cols)};
  const memory::desc data_desc(data_dims, data_type, tag::ab);
  const memory::desc parameter_desc({static_cast<memory::dim>(cols)}, data_type, tag::a);
  const auto flags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;

  const dnnl::layer_normalization_forward::desc forward_desc(dnnl::prop_kind::forward_training, data_desc, eps,
                                                             flags);
  const dnnl::layer_normalization_forward::primitive_desc forward_pd(forward_desc, state_->engine);
  const dnnl::layer_normalization_backward::desc backward_desc(dnnl::prop_kind::backward, data_desc, data_desc, eps,
                                                               flags);
  const dnnl::layer_normalization_backward::primitive_desc backward_pd(backward_desc, state_->engine, forward_pd);
  state_->forward_primitive = dnnl::layer_normalization_forward(forward_pd);
  state_->backward_primitive = dnnl::layer_normalization_backward(backward_pd);

  // oneDNN takes non-const handles; it only reads the input-side ones.
  auto bind = [&](const memory::desc& desc, const float* data) {
    return memory(desc, state_->engine, const_cast<float*>(data));
  };
  const memory mean(forward_pd.mean_desc(), state_->engine);
  const memory variance(forward_pd.variance_desc(), state_->engine);
  const memory scale = bind(parameter_desc, gamma);
  state_->forward_arguments = {{DNNL_ARG_SRC, bind(data_desc, input)},
                               {DNNL_ARG_DST, bind(data_desc, output)},
                               {DNNL_ARG_SCALE, scale},
                               {DNNL_ARG_SHIFT, bind(parameter_desc, beta)},
                               {DNNL_ARG_MEAN, mean},
                               {DNNL_ARG_VARIANCE, variance}};
  state_->backward_arguments = {{DNNL_ARG_SRC, bind(data_desc, input)},
                                {DNNL_ARG_DIFF_DST, bind(data_desc, output_grad)},
                                {DNNL_ARG_DIFF_SRC, bind(data_desc, input_grad)},
                                {DNNL_ARG_SCALE, scale},
                                {DNNL_ARG_SHIFT, bind(parameter_desc, beta)},  // required by 2.6, unused
                                {DNNL_ARG_DIFF_SCALE, bind(parameter_desc, gamma_grad)},
                                {DNNL_ARG_DIFF_SHIFT, bind(parameter_desc, beta_grad)},
                                {DNNL_ARG_MEAN, mean},
                                {DNNL_ARG_VARIANCE, variance}};
  forward();  // the backward reads the statistics of a forward
}

OneDnnLayerNorm::~OneDnnLayerNorm() = default;

void OneDnnLayerNorm::forward() {
  state_->forward_primitive.execute(state_->stream, state_->forward_arguments);
  state_->stream.wait();
}

void OneDnnLayerNorm::backward() {
  state_->backward_primitive.execute(state_->stream, state_->backward_arguments);
  state_->stream.wait();
}

void OneDnnLayerNorm::set_threads(std::size_t threads) {
  // Looked up at run time: libgomp is loaded as libdnnl's dependency, and linking it ourselves would
  // need an OpenMP flag in a CMake file this component does not own.
  using SetThreads = void (*)(int);
  if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) {
    set(static_cast<int>(threads));
  }
}

}  // namespace normlab::perf

#endif  // NORMLAB_HAVE_ONEDNN
