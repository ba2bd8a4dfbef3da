// MathML in JSX. Every current browser renders MathML Core natively and React creates these
// elements in the MathML namespace; @types/react only leaves them undeclared.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

type MathProps = DetailedHTMLProps<HTMLAttributes<MathMLElement>, MathMLElement> & {
  display?: 'block' | 'inline';
  mathvariant?: 'normal';
  stretchy?: 'true' | 'false';
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      math: MathProps;
      mrow: MathProps;
      mi: MathProps;
      mn: MathProps;
      mo: MathProps;
      mtext: MathProps;
      msub: MathProps;
      msup: MathProps;
      msubsup: MathProps;
      mfrac: MathProps;
      munderover: MathProps;
      munder: MathProps;
      mover: MathProps;
      mspace: MathProps & { width?: string };
    }
  }
}
