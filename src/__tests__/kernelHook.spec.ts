import { LOAD_TRACER_CODE } from '../kernelHook';

describe('kernel hook', () => {
  it('loads the IPython extension without printing and tolerates kernels without it', () => {
    expect(LOAD_TRACER_CODE).toContain(
      "extension_manager.load_extension('lineage_ext')"
    );
    expect(LOAD_TRACER_CODE).toContain('except ModuleNotFoundError');
    expect(LOAD_TRACER_CODE).not.toContain('%load_ext');
  });
});
