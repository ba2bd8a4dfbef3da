import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MODEL_KINDS } from '../model/config';
import { LESSONS } from '../state/lessons';
import { EXPLANATIONS, isTopic, KIND_TOPICS, type Topic } from './explanations';

const topics = Object.keys(EXPLANATIONS) as Topic[];
const markup = (topic: Topic) =>
  renderToStaticMarkup(createElement(Fragment, null, EXPLANATIONS[topic].why));
/** The prose of an explanation: its text outside the formulas. */
const prose = (topic: Topic) =>
  markup(topic)
    .replace(/<math[\s\S]*?<\/math>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&quot;|&amp;|&lt;|&gt;/g, 'x');

describe('the explanations', () => {
  it('are two to five sentences each, with a title', () => {
    for (const topic of topics) {
      const sentences = prose(topic).match(/[.!?](?=\s|$)/g) ?? [];
      expect(sentences.length, topic).toBeGreaterThanOrEqual(2);
      expect(sentences.length, topic).toBeLessThanOrEqual(5);
      expect(EXPLANATIONS[topic].title, topic).toMatch(/^[A-Z]/);
    }
  });

  it('have one-line captions', () => {
    for (const topic of topics) {
      const { caption } = EXPLANATIONS[topic] as { caption?: string };
      if (caption === undefined) continue;
      expect(caption.length, topic).toBeLessThanOrEqual(140);
      expect(caption, topic).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('write their formulas in MathML', () => {
    const withMath: Topic[] = ['autoencoder', 'loss', 'pca', 'denoising', 'sparse', 'contractive'];
    for (const topic of [...withMath, 'vae' as const])
      expect(markup(topic), topic).toMatch(/<math /);
    // ψ(φ(x)) ≈ x; the squared error averaged; the Frobenius norm; z = μ + σ·ε.
    expect(markup('autoencoder')).toContain('<mi>ψ</mi><mo>(</mo><mi>φ</mi>');
    expect(markup('autoencoder')).toContain('<mo>≈</mo>');
    expect(markup('loss')).toMatch(/<mfrac><mrow><mn>1<\/mn><\/mrow><mrow><mi>N<\/mi>/);
    expect(markup('contractive')).toMatch(/<msubsup>.*<mi>F<\/mi><mn>2<\/mn><\/msubsup>/);
    expect(markup('vae')).toContain(
      '<mi>z</mi><mo>=</mo><mi>μ</mi><mo>+</mo><mi>σ</mi><mo>·</mo><mi>ε</mi>',
    );
    expect(markup('vae')).toContain('<mtext>KL</mtext>');
  });

  it('cover every lesson and every model kind', () => {
    for (const lesson of LESSONS) expect(isTopic(lesson.topic), lesson.id).toBe(true);
    for (const kind of MODEL_KINDS) expect(isTopic(KIND_TOPICS[kind] ?? ''), kind).toBe(true);
    expect(isTopic('toString')).toBe(false);
  });

  it('name distinct topics', () => {
    const titles = topics.map((t) => EXPLANATIONS[t].title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
