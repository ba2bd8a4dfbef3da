import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, defaultConfig, parseConfig, serializeConfig } from './config';
import {
  LESSONS,
  lessonById,
  lessonConfig,
  lessonKeys,
  lessonOffered,
  offeredLessons,
  pageSearch,
  parsePage,
  type Lesson,
} from './lessons';

// The lessons made of keys and values this app has long had: every build offers them.
const LONG_KNOWN = ['bottleneck', 'identity', 'denoising', 'sparse', 'vae'];

describe('the lessons', () => {
  it('have distinct ids, titles, and a note and a topic each', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    expect(new Set(LESSONS.map((l) => l.title)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      expect(l.id).toMatch(/^[a-z]+$/);
      expect(l.note.length).toBeGreaterThan(40);
      expect(l.topic).not.toBe('');
    }
  });

  it('parse with no notice and round-trip, those offered, and those are all this build reads', () => {
    expect(offeredLessons().map((l) => l.id)).toEqual(expect.arrayContaining(LONG_KNOWN));
    for (const lesson of LESSONS) {
      const { config, notices } = parseConfig(lesson.query);
      const unknownKey = [...new URLSearchParams(lesson.query).keys()].some(
        (k) => !(CONFIG_KEYS as readonly string[]).includes(k),
      );
      expect(lessonOffered(lesson), lesson.id).toBe(notices.length === 0 && !unknownKey);
      if (!lessonOffered(lesson)) continue;
      expect(parseConfig(serializeConfig(config)).config).toEqual(config);
      // What a lesson sets, it sets away from the defaults (else it would teach nothing new).
      for (const key of lessonKeys(lesson)) expect(config[key]).not.toEqual(defaultConfig()[key]);
    }
  });

  it('offers a lesson only if this build reads it exactly', () => {
    const ask = (query: string): Lesson => ({ id: 'x', title: 'X', query, topic: 't', note: '' });
    expect(lessonOffered(ask('latent=2'))).toBe(true);
    expect(lessonOffered(ask('model=gan'))).toBe(false);
    expect(lessonOffered(ask('latent=5000'))).toBe(false);
    expect(lessonOffered(ask('latent=2&wobble=1'))).toBe(false);
    expect(offeredLessons()).toEqual(LESSONS.filter(lessonOffered));
    expect(offeredLessons().map((l) => l.id)).toEqual(
      expect.arrayContaining(['bottleneck', 'vae']),
    );
  });

  it('set their own keys, the defaults elsewhere, and keep the page keys in use', () => {
    const current = parseConfig('?backend=cpu&valsize=200&hide=runs&latent=64&lr=0.01').config;
    const vae = lessonConfig(lessonById('vae')!, current);
    expect(vae).toEqual({
      ...defaultConfig(),
      model: 'vae',
      backend: 'cpu',
      valsize: 200,
      hide: ['runs'],
    });
  });
});

describe('a page URL with a lesson', () => {
  it('opens the lesson with its settings', () => {
    expect(parsePage('?lesson=bottleneck')).toEqual({
      config: { ...defaultConfig(), latent: 2 },
      notices: [],
      lesson: 'bottleneck',
    });
  });

  it('lets the URL’s own keys win over the lesson’s', () => {
    const page = parsePage('?latent=3&lesson=bottleneck&hide=draw');
    expect(page.lesson).toBe('bottleneck');
    expect(page.config).toEqual({ ...defaultConfig(), latent: 3, hide: ['draw'] });
  });

  it('says so when it names no lesson this build offers, and reads the rest', () => {
    const page = parsePage('?lesson=gan&latent=4');
    expect(page.lesson).toBeNull();
    expect(page.config.latent).toBe(4);
    expect(page.notices).toHaveLength(1);
    expect(page.notices[0]).toMatch(/^Unknown lesson "gan"; none opened \(choose bottleneck, /);
  });

  it('reads a URL without one as the config alone', () => {
    expect(parsePage('?latent=5')).toEqual({ ...parseConfig('?latent=5'), lesson: null });
  });

  it('is written with the lesson’s keys even at their defaults, and read back the same', () => {
    const bottleneck = lessonById('bottleneck')!;
    const config = lessonConfig(bottleneck, defaultConfig());
    expect(pageSearch(config, 'bottleneck')).toBe('?latent=2&lesson=bottleneck');
    // Moved back to the default, the latent size is still written: the link keeps meaning 16.
    const moved = { ...config, latent: 16, hide: ['runs'] };
    const search = pageSearch(moved, 'bottleneck');
    expect(search).toBe('?latent=16&hide=runs&lesson=bottleneck');
    expect(parsePage(search)).toEqual({ config: moved, notices: [], lesson: 'bottleneck' });
    expect(pageSearch(moved, null)).toBe('?hide=runs');
    expect(pageSearch(defaultConfig(), null)).toBe('');
  });

  it('round-trips for every lesson offered', () => {
    for (const lesson of offeredLessons()) {
      const config = lessonConfig(lesson, defaultConfig());
      expect(parsePage(pageSearch(config, lesson.id))).toEqual({
        config,
        notices: [],
        lesson: lesson.id,
      });
    }
  });
});
