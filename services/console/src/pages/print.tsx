import { communeLabel, type EventType, eventDefinitions } from '@chungtay/contracts/browser';
import { formatDateTime } from '../format.ts';
import { EventData } from '../forms/read.tsx';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useQuery } from '../use-query.ts';

/**
 * The Decree 56 forms a case's events are, with who signs each (decision 0052). The layout is the
 * administrative one (national motto, form number, signature block); the content is the event's, as the
 * reader's lens shows it.
 */
export const printableForms = {
  ReportReceived: { form: 'Mẫu số 01', signer: 'NGƯỜI TIẾP NHẬN THÔNG TIN' },
  InitialAssessmentCompleted: { form: 'Mẫu số 02', signer: 'NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM' },
  DetailedAssessmentCompleted: { form: 'Mẫu số 03', signer: 'NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM' },
  SupportPlanDrafted: { form: 'Mẫu số 04', signer: 'NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM' },
  SupportPlanApproved: { form: 'Mẫu số 05', signer: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH' },
  CaseReviewed: { form: 'Mẫu số 06', signer: 'NGƯỜI LÀM CÔNG TÁC BẢO VỆ TRẺ EM' },
} as const satisfies Partial<Record<EventType, { form: string; signer: string }>>;
export type PrintableEvent = keyof typeof printableForms;

const PRINT = gql(`
  query PrintForm($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      communeCode
      timeline(last: 100) { edges { node { revision type recordedAt visibility data } } }
    }
  }
`);

/** One form of the case on A4, as the commune files it: print it, or save it as PDF from the browser. */
/** A printable form of the case, or nothing when the address names none. */
export function PrintPage({ caseId, event: named }: { caseId: string; event: string }) {
  const { t } = useLanguage();
  const event = (Object.hasOwn(printableForms, named) ? named : 'ReportReceived') as PrintableEvent;
  const { state } = useQuery(PRINT, { id: caseId });
  const view = state.status === 'ready' ? state.data.case : undefined;
  const entry = view?.timeline.edges
    .map((edge) => edge.node)
    .filter((node) => node.type === event && node.visibility === 'VISIBLE')
    .at(-1);
  const { form, signer } = printableForms[event];
  return (
    <main id="main" tabIndex={-1} className="page print-page">
      <p className="no-print">
        <a href={`#/cases/${caseId}`}>← {t('cancel')}</a>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
      </p>
      {state.status === 'loading' && <p>{t('loading')}</p>}
      {state.status === 'ready' && !entry && <p role="alert">{t('notFound')}</p>}
      {view && entry && (
        <article className="a4">
          <header className="motto">
            <div>
              <p>{view.communeCode ? `UBND ${communeLabel(view.communeCode).toUpperCase()}` : ''}</p>
              <p>
                {t('caseNumber')}: {view.caseNumber ?? '—'}
              </p>
            </div>
            <div>
              <p className="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
              <p className="motto-line">Độc lập - Tự do - Hạnh phúc</p>
            </div>
          </header>
          <p className="form-number">{form}</p>
          <h1>{eventDefinitions[event].title.replace(/\s*\(Mẫu số \d+\)$/, '').toUpperCase()}</h1>
          <EventData type={event} data={entry.data as Record<string, unknown>} />
          <footer className="signatures">
            <p className="place-date">
              {view.communeCode ? communeLabel(view.communeCode) : ''},{' '}
              {formatDateTime(entry.recordedAt).slice(0, 10)}
            </p>
            <p className="signer">{signer}</p>
            <p className="sign-hint">(Ký, ghi rõ họ tên)</p>
          </footer>
        </article>
      )}
    </main>
  );
}
