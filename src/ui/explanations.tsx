// The page's explanations, one per topic: a one-line caption of what a panel shows and the idea
// behind it (the "Why?" disclosure), with formulas in MathML. Kept in one table so the texts can
// be read and checked together.
import type { ReactNode } from 'react';

export interface Explanation {
  /** The topic's name: the "Why?" disclosure is called "Why? <title>". */
  title: string;
  /** What the panel shows, in one line (absent where the panel says it already). */
  caption?: string;
  /** The idea behind it, in a few sentences. */
  why: ReactNode;
}

// Pieces of formulas used more than once.
const x = <mi>x</mi>;
const xHat = (
  <mover>
    <mi>x</mi>
    <mo>^</mo>
  </mover>
);
const call = (f: string, arg: ReactNode) => (
  <>
    <mi>{f}</mi>
    <mo>(</mo>
    {arg}
    <mo>)</mo>
  </>
);
const sqNorm = (inner: ReactNode, sub?: string) =>
  sub ? (
    <msubsup>
      <mrow>
        <mo>‖</mo>
        {inner}
        <mo>‖</mo>
      </mrow>
      <mi>{sub}</mi>
      <mn>2</mn>
    </msubsup>
  ) : (
    <msup>
      <mrow>
        <mo>‖</mo>
        {inner}
        <mo>‖</mo>
      </mrow>
      <mn>2</mn>
    </msup>
  );
const recon = call('ψ', call('φ', x));
const jacobian = (
  <mfrac>
    <mrow>
      <mo>∂</mo>
      <mi>h</mi>
    </mrow>
    <mrow>
      <mo>∂</mo>
      <mi>x</mi>
    </mrow>
  </mfrac>
);
const lRec = (
  <msub>
    <mi>L</mi>
    <mtext>rec</mtext>
  </msub>
);
const sum = (from: ReactNode, to?: ReactNode) =>
  to === undefined ? (
    <munder>
      <mo>∑</mo>
      <mrow>{from}</mrow>
    </munder>
  ) : (
    <munderover>
      <mo>∑</mo>
      <mrow>{from}</mrow>
      <mrow>{to}</mrow>
    </munderover>
  );
const sub = (base: string, index: string) => (
  <msub>
    <mi>{base}</mi>
    <mi>{index}</mi>
  </msub>
);
const frac = (num: ReactNode, den: ReactNode) => (
  <mfrac>
    <mrow>{num}</mrow>
    <mrow>{den}</mrow>
  </mfrac>
);
const normal = (
  <>
    <mi mathvariant="normal">N</mi>
    <mo>(</mo>
    <mn>0</mn>
    <mo>,</mo>
    <mi>I</mi>
    <mo>)</mo>
  </>
);

export const EXPLANATIONS = {
  autoencoder: {
    title: 'The autoencoder',
    why: (
      <>
        <p>
          An autoencoder is two maps trained together. The encoder φ turns a digit <i>x</i>, 784
          pixel values, into a code <i>h</i> of <i>k</i> numbers; the decoder ψ turns a code back
          into an image:
        </p>
        <math display="block">
          <mi>h</mi>
          <mo>=</mo>
          {call('φ', x)}
          <mo>,</mo>
          <mspace width="1em" />
          {xHat}
          <mo>=</mo>
          {recon}
          <mo>≈</mo>
          {x}
        </math>
        <p>
          Training adjusts both so that the reconstruction x̂ comes close to <i>x</i> for the
          training digits. With <i>k</i> well below 784 the code cannot hold every pixel, so the
          network has to find what digits have in common and keep that.
        </p>
      </>
    ),
  },
  training: {
    title: 'Training settings',
    caption: 'The model and how it trains. A change to the model starts a new run.',
    why: (
      <p>
        Each step takes a batch of training digits, measures the loss on them and moves every weight
        a little against its gradient; Adam scales each weight’s step by running averages of its
        past gradients. A larger learning rate learns faster until the steps overshoot and the loss
        jumps about. A larger batch gives a steadier gradient but fewer steps per pass over the
        data.
      </p>
    ),
  },
  dense: {
    title: 'The dense autoencoder',
    why: (
      <>
        <p>
          Every layer multiplies its input by a weight matrix, adds a bias and applies an activation
          function <i>a</i> such as ReLU:
        </p>
        <math display="block">
          <msub>
            <mi>h</mi>
            <mn>1</mn>
          </msub>
          <mo>=</mo>
          {call(
            'a',
            <>
              <msub>
                <mi>W</mi>
                <mn>1</mn>
              </msub>
              {x}
              <mo>+</mo>
              <msub>
                <mi>b</mi>
                <mn>1</mn>
              </msub>
            </>,
          )}
        </math>
        <p>
          The encoder narrows layer by layer to the code, whose layer is linear; the decoder mirrors
          it and ends in a sigmoid, so every output pixel lies between 0 and 1. Depth and Hidden
          units set how far the two maps can bend.
        </p>
      </>
    ),
  },
  conv: {
    title: 'The convolutional autoencoder',
    why: (
      <p>
        A convolutional layer slides small 3×3 filters over the image, so the same detector works at
        every position instead of each pixel having its own weights. Strided convolutions shrink the
        digit to 7×7 maps, a dense layer turns those into the code, and the decoder grows them back
        to 28×28 with transposed convolutions. Knowing that neighbouring pixels belong together, it
        needs far fewer weights than a dense model for the same quality.
      </p>
    ),
  },
  denoising: {
    title: 'Denoising',
    why: (
      <>
        <p>
          The model is given a corrupted digit x̃ (Gaussian noise added, or a share of its pixels set
          to zero) and scored against the clean one:
        </p>
        <math display="block">
          <mi>L</mi>
          <mo>=</mo>
          {sqNorm(
            <>
              {x}
              <mo>−</mo>
              {call(
                'ψ',
                call(
                  'φ',
                  <mover>
                    <mi>x</mi>
                    <mo>~</mo>
                  </mover>,
                ),
              )}
            </>,
          )}
        </math>
        <p>
          Copying its input cannot succeed, because the input is wrong: to undo the damage it has to
          learn what digits look like. That keeps even a large code from learning the identity.
        </p>
      </>
    ),
  },
  sparse: {
    title: 'Sparse codes',
    why: (
      <>
        <p>The loss adds λ times the mean absolute value of the code’s units:</p>
        <math display="block">
          <mi>L</mi>
          <mo>=</mo>
          {lRec}
          <mo>+</mo>
          <mi>λ</mi>
          {frac(<mn>1</mn>, <mi>k</mi>)}
          {sum(
            <>
              <mi>j</mi>
              <mo>=</mo>
              <mn>1</mn>
            </>,
            <mi>k</mi>,
          )}
          <mo>|</mo>
          {sub('h', 'j')}
          <mo>|</mo>
        </math>
        <p>
          This L1 penalty drives many units to zero or nearly so, so each digit is described by a
          few active units out of many, and different digits use different ones. A larger λ
          (Sparsity) gives sparser codes and rougher reconstructions.
        </p>
      </>
    ),
  },
  contractive: {
    title: 'Contractive',
    why: (
      <>
        <p>
          The loss adds λ times the squared Frobenius norm of the encoder’s Jacobian: the sum, over
          every code unit and every pixel, of the squared rate at which the unit changes with the
          pixel.
        </p>
        <math display="block">
          <mi>L</mi>
          <mo>=</mo>
          {lRec}
          <mo>+</mo>
          <mi>λ</mi>
          {sqNorm(jacobian, 'F')}
          <mo>=</mo>
          {lRec}
          <mo>+</mo>
          <mi>λ</mi>
          {sum(
            <>
              <mi>i</mi>
              <mo>,</mo>
              <mi>j</mi>
            </>,
          )}
          <msup>
            <mrow>
              <mo>(</mo>
              {frac(
                <>
                  <mo>∂</mo>
                  {sub('h', 'j')}
                </>,
                <>
                  <mo>∂</mo>
                  {sub('x', 'i')}
                </>,
              )}
              <mo>)</mo>
            </mrow>
            <mn>2</mn>
          </msup>
        </math>
        <p>
          Small changes to a digit then barely move its code, while the reconstruction term still
          needs the code to tell different digits apart. What remains is a code that responds only
          to the ways in which real digits differ.
        </p>
      </>
    ),
  },
  vae: {
    title: 'The variational autoencoder',
    why: (
      <>
        <p>
          For each digit the encoder gives a mean μ and a standard deviation σ per code unit, and
          the decoder is fed a sample of that distribution written as
        </p>
        <math display="block">
          <mi>z</mi>
          <mo>=</mo>
          <mi>μ</mi>
          <mo>+</mo>
          <mi>σ</mi>
          <mo>·</mo>
          <mi>ε</mi>
          <mo>,</mo>
          <mspace width="1em" />
          <mi>ε</mi>
          <mo>∼</mo>
          {normal}
        </math>
        <p>
          so that the gradient flows through μ and σ (the reparameterisation trick). The loss is the
          reconstruction error, summed over the pixels, plus β times KL(N(μ, σ²) ‖ N(0, I)), which
          for these Gaussians is
        </p>
        <math display="block">
          <mtext>KL</mtext>
          <mo>=</mo>
          <mo>−</mo>
          {frac(<mn>1</mn>, <mn>2</mn>)}
          {sum(<mi>j</mi>)}
          <mo>(</mo>
          <mn>1</mn>
          <mo>+</mo>
          <mi>log</mi>
          <msubsup>
            <mi>σ</mi>
            <mi>j</mi>
            <mn>2</mn>
          </msubsup>
          <mo>−</mo>
          <msubsup>
            <mi>μ</mi>
            <mi>j</mi>
            <mn>2</mn>
          </msubsup>
          <mo>−</mo>
          <msubsup>
            <mi>σ</mi>
            <mi>j</mi>
            <mn>2</mn>
          </msubsup>
          <mo>)</mo>
        </math>
        <p>
          It pulls every digit’s code towards the standard normal, which is what lets codes drawn
          from N(0, I) decode into digits.
        </p>
      </>
    ),
  },
  loss: {
    title: 'The loss',
    caption:
      'The training loss, the validation MSE on test digits, and PCA’s MSE at the same code size, against examples seen.',
    why: (
      <>
        <p>
          Training minimises the squared reconstruction error averaged over the <i>N</i> training
          digits (and, here, over their 784 pixels too); each step lowers it as measured on one
          batch:
        </p>
        <math display="block">
          <mi>L</mi>
          <mo>=</mo>
          {frac(<mn>1</mn>, <mi>N</mi>)}
          {sum(
            <>
              <mi>n</mi>
              <mo>=</mo>
              <mn>1</mn>
            </>,
            <mi>N</mi>,
          )}
          {sqNorm(
            <>
              {sub('x', 'n')}
              <mo>−</mo>
              {call('ψ', call('φ', sub('x', 'n')))}
            </>,
          )}
        </math>
        <p>
          Binary cross-entropy instead reads each output pixel as the probability of ink and charges
          −[<i>x</i> log x̂ + (1 − <i>x</i>) log(1 − x̂)] per pixel. The validation curve is the MSE
          on test digits the model never trains on: while it falls, the model is learning something
          that carries over to new digits.
        </p>
      </>
    ),
  },
  pca: {
    title: 'PCA, the linear autoencoder',
    why: (
      <>
        <p>
          PCA keeps the <i>k</i> directions along which the training digits vary most, the columns
          of <i>U</i>, and rebuilds each digit from its <i>k</i> coordinates on them:
        </p>
        <math display="block">
          {xHat}
          <mo>=</mo>
          <mover>
            <mi>x</mi>
            <mo>¯</mo>
          </mover>
          <mo>+</mo>
          <mi>U</mi>
          <msup>
            <mi>U</mi>
            <mi>⊤</mi>
          </msup>
          <mo>(</mo>
          {x}
          <mo>−</mo>
          <mover>
            <mi>x</mi>
            <mo>¯</mo>
          </mover>
          <mo>)</mo>
        </math>
        <p>
          No linear code of size <i>k</i> does better, and an autoencoder whose maps are linear,
          trained on the squared error, ends up spanning the same subspace (Baldi and Hornik, 1989).
          Nonlinear layers let the code follow a curved surface instead of a flat one, and that is
          how an autoencoder gets below the PCA line.
        </p>
      </>
    ),
  },
  reconstructions: {
    title: 'Reconstructions',
    caption: 'Test images and what the model rebuilds from their codes, as it trains.',
    why: (
      <p>
        These digits come from the test set, which training never sees, so good reconstructions here
        mean the model generalises rather than remembers. The first ones are grey blurs near the
        average digit; shapes appear as the code learns to tell digits apart. Unsure between two
        shapes, a model trained on the squared error draws their average, which is why
        reconstructions are blurrier than the originals.
      </p>
    ),
  },
  drawing: {
    title: 'Your drawing',
    caption: 'Your digit as the model receives it, its code, and what the model rebuilds.',
    why: (
      <p>
        The strokes are cropped, scaled to fit 20×20 pixels and centred by their mass in a 28×28
        square, the way MNIST’s digits were prepared, so the model gets the kind of input it knows.
        The bars are the code <i>h</i> = φ(<i>x</i>) and the reconstruction is ψ(<i>h</i>). A shape
        unlike any digit comes back more digit-like, because the decoder can only draw what its
        codes learned to describe. While you draw, training slows to about half its pace so that
        your strokes are answered at once, on a phone as on a laptop; it speeds up again as you lift
        your finger.
      </p>
    ),
  },
  scatter: {
    title: 'The latent scatter',
    caption: 'The codes of test images as points, coloured by the class each belongs to.',
    why: (
      <p>
        Each point is one test digit’s code. With a code of two numbers the plot shows the codes as
        they are; with more it shows them on the plane of their two principal directions, a PCA of
        the codes. Training never sees the labels, which only colour the points, yet digits of a
        class tend to land together: similar images get similar codes.
      </p>
    ),
  },
  manifold: {
    title: 'The manifold',
    caption: 'A grid of points of the code plane, each decoded into an image.',
    why: (
      <p>
        With a code of two numbers every point of the plane is a possible code, and decoding a grid
        of them shows what this decoder can draw: a two-dimensional surface inside the
        784-dimensional space of images, the learned manifold. Neighbouring cells look alike and
        shade from one digit into another because ψ is continuous. Along each axis the grid spans
        the middle 98% of the test digits’ codes.
      </p>
    ),
  },
  generate: {
    title: 'Generating digits',
    caption: 'Codes drawn at random from N(0, I), decoded into new digits.',
    why: (
      <p>
        The KL term trains the digits’ codes to spread like a standard normal distribution, with few
        holes between them. A code drawn from N(0, I) therefore tends to land where the decoder has
        learned to draw, and ψ(<i>z</i>) looks like a digit no one wrote. A plain autoencoder’s
        codes can sit anywhere, and a random code often decodes into a smudge.
      </p>
    ),
  },
  interpolation: {
    title: 'Interpolation',
    caption: 'Codes on the straight line between two digits’ codes, decoded.',
    why: (
      <>
        <p>Both digits are encoded, and the decoder draws the points of the line between them:</p>
        <math display="block">
          {call(
            'ψ',
            <>
              <mo>(</mo>
              <mn>1</mn>
              <mo>−</mo>
              <mi>t</mi>
              <mo>)</mo>
              {call('φ', <mi>a</mi>)}
              <mo>+</mo>
              <mi>t</mi>
              {call('φ', <mi>b</mi>)}
            </>,
          )}
          <mo>,</mo>
          <mspace width="1em" />
          <mn>0</mn>
          <mo>≤</mo>
          <mi>t</mi>
          <mo>≤</mo>
          <mn>1</mn>
        </math>
        <p>
          Blending the pixels would only fade one image into the other; blending the codes passes
          through shapes the decoder knows. Where the line crosses a region no digit’s code
          occupies, the middle images can look like no digit at all.
        </p>
      </>
    ),
  },
  network: {
    title: 'The network diagram',
    caption:
      'Every layer and its output for the digit in focus (click a test digit or draw to change it): orange positive, blue negative, dark zero.',
    why: (
      <p>
        The rows run from the input, through the encoder’s layers to the code, and back out through
        the decoder to the reconstruction. Each shows the layer’s output for this digit. The
        parameters are the weights and biases that training adjusts: a dense layer from <i>n</i> to{' '}
        <i>m</i> units has <i>n</i>·<i>m</i> + <i>m</i> of them.
      </p>
    ),
  },
  features: {
    title: 'Learned features',
    caption: 'The first encoder layer’s weights, drawn as images: what each unit looks for.',
    why: (
      <p>
        A first-layer unit adds up the pixels, each times its own weight, so its weights can be
        drawn as an image: it responds to ink on its orange pixels and is held back by ink on its
        blue ones. The weights start as random noise, and training turns them into the strokes,
        edges and blobs that best tell digits apart. A convolutional filter does the same on a 3×3
        patch, at every position.
      </p>
    ),
  },
  traversal: {
    title: 'The traversal',
    caption:
      'The code of the digit in focus, one slider per unit; the decoder redraws as you move them.',
    why: (
      <p>
        Moving one code unit and holding the others shows what that unit means to the decoder:
        thickness, slant, or a turn from one digit towards another. The sliders span three standard
        deviations either side of the unit’s mean over the test digits, where real codes lie; beyond
        that the decoder has met no codes and its output means little. A plain autoencoder usually
        mixes several traits in each unit.
      </p>
    ),
  },
  identity: {
    title: 'The identity trap',
    caption: 'The model’s error on test digits and on inputs unlike any digit.',
    why: (
      <>
        <p>
          A code with fewer numbers than the image has pixels, <i>k</i> &lt; 784 (undercomplete),
          forces the model to keep what digits share. A code at least as large (overcomplete), with
          every layer on the way as wide, lets it learn the identity, ψ(φ(<i>x</i>)) = <i>x</i> for
          every image, and copy each pixel, noise included.
        </p>
        <p>
          Such a model reconstructs beautifully and has learned nothing about digits. This panel
          tells the two apart: a model that knows digits rebuilds noise badly, one that copies
          rebuilds it nearly as well as digits. Denoising, sparse and contractive penalties are ways
          to keep a large code from copying.
        </p>
      </>
    ),
  },
  classes: {
    title: 'Error per digit',
    caption: 'The test MSE of each digit class.',
    why: (
      <p>
        Some digits are harder to rebuild than others: a 1 is one stroke, while an 8 or a 2 has more
        shape to get right. A class well above the rest is one the code describes poorly, often
        because its codes overlap those of a similar class, such as 4 and 9.
      </p>
    ),
  },
  worst: {
    title: 'The worst cases',
    caption:
      'The test digits rebuilt worst: the digit, its reconstruction, and the error per pixel.',
    why: (
      <p>
        The worst cases are mostly unusual writing: a stroke in an odd place, a very thick or tilted
        digit, now and then a wrong label. The error map |<i>x</i> − x̂| shows where this digit
        departs from what the model has learned to draw, which is what its code cannot yet describe.
      </p>
    ),
  },
  runs: {
    title: 'Comparing runs',
    caption:
      'The runs of this page session: each model and its validation MSE beside PCA’s at the same code size.',
    why: (
      <p>
        A new model starts a new run and the last one is kept here, so settings can be compared on
        one measure: the MSE on the same test digits. The vs PCA column says how much lower (−) or
        higher (+) that error is than PCA’s with as many components. Runs trained for different
        lengths are best compared on the chart, at equal examples seen.
      </p>
    ),
  },
} as const satisfies Record<string, Explanation>;

export type Topic = keyof typeof EXPLANATIONS;

/** The explanation of each model kind (kinds this build lacks are simply not shown). */
export const KIND_TOPICS: Readonly<Record<string, Topic>> = {
  dense: 'dense',
  conv: 'conv',
  denoising: 'denoising',
  sparse: 'sparse',
  contractive: 'contractive',
  vae: 'vae',
};

export function isTopic(name: string): name is Topic {
  return Object.hasOwn(EXPLANATIONS, name);
}
