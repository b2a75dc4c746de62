import { losses } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { ZH_LOSS_TITLES, en, zh } from './messages.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('English and 简体中文 have the same keys, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zh)]) expect(text.trim(), key).not.toBe('');
  });

  it('each translation fills the same placeholders as the English', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });

  it('uses the tutorials\' terms for loss function, gradient, learning rate and optimizer', () => {
    // The seed tutorials (/work/shared/seeds) write 损失函数, 梯度, 学习率 and 优化器.
    expect(zh['view.explorer']).toContain('损失函数');
    expect(zh.gradient).toBe('梯度');
    expect(zh.learningRate).toBe('学习率');
    expect(zh.optimizer).toBe('优化器');
  });

  it('names exactly the losses the catalogue has, so none shows an English title in 中文', () => {
    expect(Object.keys(ZH_LOSS_TITLES).sort()).toEqual(Object.keys(losses).sort());
  });
});
