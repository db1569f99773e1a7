//! Byte surgery on real components: counting the core instances a component
//! creates, and growing it to need more instances or memory, for the tests
//! of the sandbox's slots and of `toolhost check`.

/// Core module instances a component creates per instantiation (counted at
/// its top level, which is all a component built by wit-component has).
pub fn core_instances(component: &[u8]) -> u32 {
    let mut count = 0;
    for (id, mut body) in sections(component) {
        if id != CORE_INSTANCE_SECTION {
            continue;
        }
        for _ in 0..leb(&mut body) {
            let kind = take(&mut body, 1)[0];
            if kind == 0x00 {
                count += 1;
                leb(&mut body); // module index
                for _ in 0..leb(&mut body) {
                    name(&mut body);
                    take(&mut body, 1); // 0x12: an instance
                    leb(&mut body);
                }
            } else {
                for _ in 0..leb(&mut body) {
                    name(&mut body);
                    take(&mut body, 1); // core sort
                    leb(&mut body);
                }
            }
        }
    }
    count
}

/// `component` grown to create `total` core instances per instantiation, by
/// appending an empty core module and instantiating it as often as needed:
/// a real tool component that needs more of the sandbox's instance slots.
pub fn with_core_instances(component: &[u8], total: u32) -> Vec<u8> {
    let extra = total
        .checked_sub(core_instances(component))
        .expect("the component already has more instances");
    let modules = core_modules(component);
    let mut out = component.to_vec();
    push_section(&mut out, CORE_MODULE_SECTION, b"\0asm\x01\0\0\0");
    let mut body = Vec::new();
    push_leb(&mut body, extra);
    for _ in 0..extra {
        body.push(0x00); // instantiate
        push_leb(&mut body, modules);
        body.push(0x00); // with no arguments
    }
    push_section(&mut out, CORE_INSTANCE_SECTION, &body);
    out
}

/// `component` with one more core module, instantiated once, whose memory
/// starts at `pages` pages of 64 KiB: a real tool component that needs that
/// much more linear memory before it runs.
pub fn with_memory_pages(component: &[u8], pages: u32) -> Vec<u8> {
    let mut memory = vec![1, 0x00]; // one memory, no maximum
    push_leb(&mut memory, pages);
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    push_section(&mut module, MEMORY_SECTION, &memory);
    let modules = core_modules(component);
    let mut out = component.to_vec();
    push_section(&mut out, CORE_MODULE_SECTION, &module);
    let mut body = vec![1, 0x00]; // one instance: instantiate
    push_leb(&mut body, modules);
    body.push(0x00); // with no arguments
    push_section(&mut out, CORE_INSTANCE_SECTION, &body);
    out
}

const MEMORY_SECTION: u8 = 5;
const CORE_MODULE_SECTION: u8 = 1;
const CORE_INSTANCE_SECTION: u8 = 2;
const ALIAS_SECTION: u8 = 6;

/// Core modules in the component's index space: module sections and outer
/// aliases of modules.
fn core_modules(component: &[u8]) -> u32 {
    let mut count = 0;
    for (id, mut body) in sections(component) {
        match id {
            CORE_MODULE_SECTION => count += 1,
            ALIAS_SECTION => {
                for _ in 0..leb(&mut body) {
                    let sort = take(&mut body, 1)[0];
                    let core_sort = (sort == 0x00).then(|| take(&mut body, 1)[0]);
                    match take(&mut body, 1)[0] {
                        0x00 | 0x01 => {
                            leb(&mut body);
                            name(&mut body);
                        }
                        _ => {
                            leb(&mut body);
                            leb(&mut body);
                            if core_sort == Some(0x11) {
                                count += 1;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    count
}

fn sections(component: &[u8]) -> Vec<(u8, &[u8])> {
    assert_eq!(&component[..4], b"\0asm", "not wasm");
    assert_eq!(&component[4..8], b"\x0d\0\x01\0", "not a component");
    let mut rest = &component[8..];
    let mut out = Vec::new();
    while !rest.is_empty() {
        let id = take(&mut rest, 1)[0];
        let size = leb(&mut rest) as usize;
        out.push((id, take(&mut rest, size)));
    }
    out
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, tail) = bytes.split_at(n);
    *bytes = tail;
    head
}

fn leb(bytes: &mut &[u8]) -> u32 {
    let (mut value, mut shift) = (0u32, 0);
    loop {
        let byte = take(bytes, 1)[0];
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return value;
        }
        shift += 7;
    }
}

fn name<'a>(bytes: &mut &'a [u8]) -> &'a [u8] {
    let len = leb(bytes) as usize;
    take(bytes, len)
}

fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn push_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    push_leb(out, body.len() as u32);
    out.extend_from_slice(body);
}
